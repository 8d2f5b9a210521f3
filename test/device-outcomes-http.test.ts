import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  appleCall,
  createMdmServer,
  sessionFor,
  startTestServer,
  type CreatedMdmServer,
  type TestServer,
} from './helpers/test-server.js';

describe('per-device outcomes on define, assign and remove', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;
  let session: string;
  let profile: string;
  const serials = ['MARK00000001', 'MARK00000002'];

  before(async () => {
    server = await startTestServer({ seed: false, sessionTtlSeconds: 86_400 });
    mdm = await createMdmServer(server, serials);
    session = await sessionFor(server.url, mdm.token);
    const defined = await appleCall(server.url, session, 'POST', '/profile', {
      body: { profile_name: 'Marks', url: 'https://mdm.example.com/' },
    });
    profile = defined.json<{ profile_uuid: string }>().profile_uuid;
  });
  after(() => server.close());
  beforeEach(() => server.admin('DELETE', '/device-outcomes'));

  const mark = (body: Record<string, unknown>) => server.admin('POST', '/device-outcomes', body);
  const assign = async (version = '10') =>
    (
      await appleCall(server.url, session, 'POST', '/profile/devices', {
        body: { profile_uuid: profile, devices: serials },
        headers: { 'x-server-protocol-version': version },
      })
    ).json<{ devices: Record<string, string>; retry_after_seconds?: number }>();

  it('answer the marked outcome for the next n calls, then the real one', async () => {
    assert.equal(
      (await mark({ serials: ['MARK00000001'], outcome: 'FAILED', calls: 2 })).status,
      201,
    );
    assert.equal((await assign()).devices.MARK00000001, 'FAILED');
    assert.equal((await assign()).devices.MARK00000001, 'FAILED');
    assert.deepEqual((await assign()).devices, {
      MARK00000001: 'SUCCESS',
      MARK00000002: 'SUCCESS',
    });
    const left = await server.admin<{ outcomes: unknown[] }>('GET', '/device-outcomes');
    assert.deepEqual(left.body.outcomes, [], 'a used-up mark is gone');
  });

  it('THROTTLED carries retry_after_seconds from version 10 and is FAILED before 9', async () => {
    await mark({ serials: ['MARK00000002'], outcome: 'THROTTLED', retry_after: 90 });
    const v10 = await assign('10');
    assert.deepEqual([v10.devices.MARK00000002, v10.retry_after_seconds], ['THROTTLED', 90]);
    const v9 = await assign('9');
    assert.deepEqual([v9.devices.MARK00000002, v9.retry_after_seconds], ['THROTTLED', undefined]);
    assert.equal((await assign('3')).devices.MARK00000002, 'FAILED');
  });

  it('apply to define and remove too, and leave the device untouched', async () => {
    await mark({
      serials: ['MARK00000001'],
      outcome: 'NOT_ACCESSIBLE',
      operations: ['define', 'remove'],
    });
    const defined = await appleCall(server.url, session, 'POST', '/profile', {
      body: { profile_name: 'Again', url: 'https://mdm.example.com/', devices: serials },
    });
    assert.deepEqual(defined.json<{ devices: unknown }>().devices, {
      MARK00000001: 'NOT_ACCESSIBLE',
      MARK00000002: 'SUCCESS',
    });
    const removed = await appleCall(server.url, session, 'DELETE', '/profile/devices', {
      body: { devices: serials },
    });
    assert.deepEqual(removed.json<{ devices: unknown }>().devices, {
      MARK00000001: 'NOT_ACCESSIBLE',
      MARK00000002: 'SUCCESS',
    });
    assert.equal((await assign()).devices.MARK00000001, 'SUCCESS', 'assign was not marked');
  });

  it('refuse THROTTLED on remove, and bad input', async () => {
    const refused = await mark({
      serials: ['MARK00000001'],
      outcome: 'THROTTLED',
      operations: ['remove'],
    });
    assert.equal(refused.status, 400);
    assert.equal((await mark({ serials: [], outcome: 'FAILED' })).status, 400);
    assert.equal((await mark({ serials: ['A'], outcome: 'LOST' })).status, 400);
    assert.equal((await mark({ serials: ['A'], outcome: 'FAILED', duration: 'soon' })).status, 400);
  });

  it('expire with the emulator clock', async () => {
    await mark({ serials: ['MARK00000001'], outcome: 'FAILED', duration: '2h' });
    assert.equal((await assign()).devices.MARK00000001, 'FAILED');
    await server.admin('POST', '/clock', { advance: '2h' });
    assert.equal((await assign()).devices.MARK00000001, 'SUCCESS');
    await server.admin('DELETE', '/clock');
  });
});
