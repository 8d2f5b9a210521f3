import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DepClient, DepError } from '../src/client/index.js';
import {
  createMdmServer,
  startTestServer,
  type CreatedMdmServer,
  type TestServer,
} from './helpers/test-server.js';

describe('DepClient: define -> get -> assign -> remove against the emulator', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;

  before(async () => {
    server = await startTestServer({ sessionTtlSeconds: 120 });
    mdm = await createMdmServer(server, ['FLOW00000001', 'FLOW00000002']);
  });
  after(() => server.close());

  it('runs the whole profile flow', async () => {
    const client = new DepClient({ token: mdm.token, baseUrl: server.url, userAgent: 'flow/1' });
    const defined = await client.defineProfile({
      profile_name: 'Flow',
      url: 'https://mdm.example.com/enroll',
      is_supervised: true,
      is_mdm_removable: false,
      devices: ['FLOW00000001'],
    });
    assert.deepEqual(defined.devices, { FLOW00000001: 'SUCCESS' });

    const fetched = await client.getProfile(defined.profile_uuid);
    assert.equal(fetched.profile_name, 'Flow');
    assert.equal(fetched.is_mdm_removable, false);

    const assigned = await client.assignProfile(defined.profile_uuid, [
      'FLOW00000002',
      'NOPE0000001',
    ]);
    assert.deepEqual(assigned.devices, { FLOW00000002: 'SUCCESS', NOPE0000001: 'NOT_ACCESSIBLE' });

    const removed = await client.removeProfile(['FLOW00000001', 'FLOW00000002']);
    assert.deepEqual(removed.devices, { FLOW00000001: 'SUCCESS', FLOW00000002: 'SUCCESS' });
  });

  it('surfaces Apple error codes as DepError with status and code', async () => {
    const client = new DepClient({ token: mdm.token, baseUrl: server.url });
    await assert.rejects(client.getProfile('0'.repeat(32)), (error: unknown) => {
      assert.ok(error instanceof DepError);
      assert.deepEqual([error.status, error.code], [404, 'NOT_FOUND']);
      return true;
    });
    await assert.rejects(
      client.defineProfile({ profile_name: 'x'.repeat(126), url: 'https://a.example/' }),
      (error: unknown) => error instanceof DepError && error.code === 'CONFIG_NAME_INVALID',
    );
  });

  it('renews an expired session once and replays the request', async () => {
    const sessions: number[] = [];
    const counting: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/session')) sessions.push(Date.now());
      return fetch(input, init);
    };
    const client = new DepClient({ token: mdm.token, baseUrl: server.url, fetch: counting });
    const first = await client.defineProfile({ profile_name: 'A', url: 'https://a.example/' });
    server.clock.advance(121_000);
    const again = await client.getProfile(first.profile_uuid);
    assert.equal(again.profile_name, 'A');
    assert.equal(sessions.length, 2);
  });

  it('renews on 403 FORBIDDEN and replays the same body', async () => {
    let sabotage = true;
    const bodies: string[] = [];
    const sabotaging: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      if (String(input).endsWith('/profile')) bodies.push(String(init?.body));
      if (sabotage && headers.has('x-adm-auth-session')) {
        sabotage = false;
        headers.set('x-adm-auth-session', 'forged');
      }
      return fetch(input, { ...init, headers });
    };
    const client = new DepClient({ token: mdm.token, baseUrl: server.url, fetch: sabotaging });
    const defined = await client.defineProfile({ profile_name: 'B', url: 'https://b.example/' });
    assert.match(defined.profile_uuid, /^[0-9A-F]{32}$/);
    assert.equal(bodies.length, 2);
    assert.equal(bodies[0], bodies[1]);
  });

  it('does not loop when the session cannot be had', async () => {
    const broken = { ...mdm.token, access_secret: 'AS_wrong' };
    const client = new DepClient({ token: broken, baseUrl: server.url });
    await assert.rejects(client.getProfile('A'), (error: unknown) => {
      return error instanceof DepError && error.status === 401 && error.path === '/session';
    });
  });
});
