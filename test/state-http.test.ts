import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  appleCall,
  createMdmServer,
  sessionFor,
  startTestServer,
  type CreatedMdmServer,
  type TestServer,
} from './helpers/test-server.js';

interface Snapshot {
  opendep_snapshot: number;
  tables: Record<string, Array<Record<string, unknown>>>;
}

describe('state export, import and reset', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;

  before(async () => {
    server = await startTestServer({ seed: false });
    mdm = await createMdmServer(server, ['SNAP00000001', 'SNAP00000002']);
  });
  after(() => server.close());

  it('round-trips a whole state, profiles and journal included, without sessions', async () => {
    const session = await sessionFor(server.url, mdm.token);
    const defined = await appleCall(server.url, session, 'POST', '/profile', {
      body: { profile_name: 'Snap', url: 'https://mdm.example.com/', devices: ['SNAP00000001'] },
    });
    const uuid = defined.json<{ profile_uuid: string }>().profile_uuid;
    const exported = await server.admin<Snapshot>('GET', '/state');
    assert.equal(exported.body.opendep_snapshot, 1);
    assert.equal(exported.body.tables.servers?.length, 1);
    assert.equal(exported.body.tables.devices?.length, 2);
    assert.equal(exported.body.tables.profiles?.length, 1);
    assert.ok((exported.body.tables.journal?.length ?? 0) >= 3);
    assert.ok(!JSON.stringify(exported.body).includes('admin_token'));

    // Change things, then import: everything is back, sessions are gone.
    await createMdmServer(server, ['SNAP00000003']);
    assert.equal((await server.admin('PUT', '/state', exported.body)).status, 204);
    assert.deepEqual(
      (await server.admin<Snapshot>('GET', '/state')).body.tables,
      exported.body.tables,
    );
    const stale = await appleCall(server.url, session, 'GET', `/profile?profile_uuid=${uuid}`);
    assert.equal(stale.status, 403);
    const fresh = await sessionFor(server.url, mdm.token);
    const profile = await appleCall(server.url, fresh, 'GET', `/profile?profile_uuid=${uuid}`);
    assert.equal(profile.status, 200);
  });

  it('rejects a snapshot that is not one, and changes nothing', async () => {
    const before = (await server.admin<Snapshot>('GET', '/state')).body.tables;
    assert.equal((await server.admin('PUT', '/state', { tables: {} })).status, 400);
    const broken = { opendep_snapshot: 1, tables: { devices: [{ no_such_column: 1 }] } };
    assert.equal((await server.admin('PUT', '/state', broken)).status, 400);
    assert.deepEqual((await server.admin<Snapshot>('GET', '/state')).body.tables, before);
  });

  it('refuses rows the Apple endpoints could not read, writing nothing', async () => {
    const exported = (await server.admin<Snapshot>('GET', '/state')).body;
    const device = exported.tables.devices?.[0];
    assert.ok(device !== undefined);
    const withDevice = (changed: Record<string, unknown>): Snapshot => ({
      ...exported,
      tables: { ...exported.tables, devices: [{ ...device, ...changed }] },
    });
    for (const [changed, message] of [
      [{ imei: 'not json' }, /tables\.devices\[0\]\.imei/],
      [{ imei: '{"a":1}' }, /imei/],
      [{ server_uuid: 'NOSUCHSERVER' }, /server_uuid "NOSUCHSERVER" names no MDM server/],
      [{ profile_uuid: 'NOSUCHPROFILE' }, /profile_uuid/],
      [{ org_id: 'NOSUCHORG' }, /org_id/],
      [{ device_assigned_date: 'yesterday' }, /device_assigned_date must be a whole number/],
      [{ is_replacement_device: 2 }, /is_replacement_device/],
    ] as const) {
      const answer = await server.admin<{ error: string }>('PUT', '/state', withDevice(changed));
      assert.equal(answer.status, 400, JSON.stringify(changed));
      assert.match(answer.body.error, message);
    }
    const profiles = exported.tables.profiles ?? [];
    const badProfile = {
      ...exported,
      tables: { ...exported.tables, profiles: profiles.map((p) => ({ ...p, definition: '[' })) },
    };
    if (profiles.length > 0) {
      assert.equal((await server.admin('PUT', '/state', badProfile)).status, 400);
    }
    assert.deepEqual((await server.admin<Snapshot>('GET', '/state')).body.tables, exported.tables);

    // Fetching the server's devices still works: nothing broken was written.
    const session = await sessionFor(server.url, mdm.token);
    const fetched = await appleCall(server.url, session, 'POST', '/server/devices', { body: {} });
    assert.equal(fetched.status, 200);
  });

  it('imports a state larger than the 4 MiB limit of other requests', async () => {
    const exported = (await server.admin<Snapshot>('GET', '/state')).body;
    const padded = {
      ...exported,
      tables: {
        ...exported.tables,
        meta: [...(exported.tables.meta ?? []), { key: 'padding', value: 'x'.repeat(5 << 20) }],
      },
    };
    assert.equal((await server.admin('PUT', '/state', padded)).status, 204);
    assert.equal((await server.admin('PUT', '/state', exported)).status, 204);
  });

  it('resets to empty, and to the seed with a fresh token', async () => {
    await server.admin('POST', '/state/reset', { to: 'empty' });
    const empty = (await server.admin<Snapshot>('GET', '/state')).body.tables;
    assert.deepEqual(
      Object.values(empty).map((rows) => rows.length),
      Object.values(empty).map(() => 0),
    );
    const seeded = await server.admin<{ token: { consumer_key: string }; server_uuid: string }>(
      'POST',
      '/state/reset',
      { to: 'seed' },
    );
    assert.match(seeded.body.token.consumer_key, /^CK_/);
    const tables = (await server.admin<Snapshot>('GET', '/state')).body.tables;
    assert.equal(tables.devices?.length, 10);
    assert.equal(tables.servers?.[0]?.server_uuid, seeded.body.server_uuid);
  });
});
