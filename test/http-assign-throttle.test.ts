import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppleApi, fetchAll, serverWithDevices } from './helpers/device-api.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

/** Two assignments per device per minute, then THROTTLED. */
const RULE = { maxAssignments: 2, windowSeconds: 60 };

describe('assign throttling', () => {
  let server: TestServer;
  let api: AppleApi;
  let serials: string[];
  let profile: string;

  before(async () => {
    server = await startTestServer({ assignThrottle: RULE });
    ({ api } = await serverWithDevices(server, 6));
    serials = (await fetchAll(api)).devices.map((d) => String(d.serial_number));
    profile = (await api.ok('POST', '/profile', { profile_name: 'T', url: 'https://a.example/' }))
      .profile_uuid as string;
  });
  after(() => server.close());

  const assign = (devices: string[], version: number) =>
    api.call('POST', '/profile/devices', { profile_uuid: profile, devices }, version);

  it('THROTTLED, and retry_after_seconds from v10, once assigned too often', async () => {
    const [busy, calm] = serials as [string, string];
    await assign([busy], 10);
    server.clock.advance(10_000);
    await assign([busy], 10);
    const third = (await assign([busy, calm, 'NOPE00000001'], 10)).json();
    assert.deepEqual(third.devices, {
      [busy]: 'THROTTLED',
      [calm]: 'SUCCESS',
      NOPE00000001: 'NOT_ACCESSIBLE',
    });
    assert.equal(third.retry_after_seconds, 50);

    server.clock.advance(49_000);
    assert.equal(
      (await assign([busy], 10)).json<{ devices: Record<string, string> }>().devices[busy],
      'THROTTLED',
    );
    server.clock.advance(1_000);
    const freed = (await assign([busy], 10)).json();
    assert.deepEqual(freed.devices, { [busy]: 'SUCCESS' });
    assert.ok(!('retry_after_seconds' in freed));
  });

  it('answers THROTTLED without retry_after_seconds at 9, and FAILED before 9', async () => {
    const device = serials[2] as string;
    await assign([device], 10);
    await assign([device], 10);
    const v9 = (await assign([device], 9)).json();
    assert.deepEqual([v9.devices, 'retry_after_seconds' in v9], [{ [device]: 'THROTTLED' }, false]);
    const v3 = (await assign([device], 3)).json();
    assert.deepEqual([v3.devices, 'retry_after_seconds' in v3], [{ [device]: 'FAILED' }, false]);
  });

  it('leaves a throttled device as it was, and journals only what happened', async () => {
    const device = serials[3] as string;
    const { cursor } = await fetchAll(api);
    await assign([device], 10);
    await assign([device], 10);
    const other = (
      await api.ok('POST', '/profile', { profile_name: 'U', url: 'https://b.example/' })
    ).profile_uuid as string;
    const refused = await api.call('POST', '/profile/devices', {
      profile_uuid: other,
      devices: [device],
    });
    assert.equal(refused.json<{ devices: Record<string, string> }>().devices[device], 'THROTTLED');
    const details = await api.ok<{ devices: Record<string, Record<string, unknown>> }>(
      'POST',
      '/devices',
      {
        devices: [device],
      },
    );
    assert.equal(details.devices[device]?.profile_uuid, profile);
    const synced = await api.syncPage({ cursor });
    assert.equal(synced.devices.filter((d) => d.serial_number === device).length, 2);
  });

  it('throttles define too (THROTTLED from 9, no retry_after_seconds)', async () => {
    const device = serials[4] as string;
    await assign([device], 10);
    await assign([device], 10);
    const defined = await api.ok('POST', '/profile', {
      profile_name: 'V',
      url: 'https://c.example/',
      devices: [device],
    });
    assert.deepEqual(defined.devices, { [device]: 'THROTTLED' });
    assert.ok(!('retry_after_seconds' in defined));
  });
});

describe('assign throttling turned off', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ assignThrottle: { maxAssignments: 0, windowSeconds: 60 } });
  });
  after(() => server.close());

  it('never throttles with a count of 0', async () => {
    const { api } = await serverWithDevices(server, 1);
    const serial = String((await api.fetchPage()).devices[0]?.serial_number);
    const profile = (
      await api.ok('POST', '/profile', { profile_name: 'T', url: 'https://a.example/' })
    ).profile_uuid as string;
    for (let i = 0; i < 12; i += 1) {
      const answer = await api.ok('POST', '/profile/devices', {
        profile_uuid: profile,
        devices: [serial],
      });
      assert.deepEqual(answer.devices, { [serial]: 'SUCCESS' });
    }
  });
});
