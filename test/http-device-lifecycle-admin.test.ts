import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppleApi, serverWithDevices } from './helpers/device-api.js';
import { startTestServer, type CreatedMdmServer, type TestServer } from './helpers/test-server.js';

interface Page {
  devices: Array<Record<string, unknown>>;
}

describe('control plane: the device lifecycle', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;
  let api: AppleApi;
  let serials: string[];

  before(async () => {
    server = await startTestServer();
    ({ mdm, api } = await serverWithDevices(server, 0));
    const added = await server.admin<Page>('POST', '/devices', {
      server_uuid: mdm.server_uuid,
      devices: ['LIFE00000001', 'LIFE00000002', 'LIFE00000003'].map((serial_number) => ({
        serial_number,
      })),
    });
    serials = added.body.devices.map((d) => String(d.serial_number));
  });
  after(() => server.close());

  it('empty -> assigned -> pushed -> removed, each step journaled as modified', async () => {
    const serial = serials[0] as string;
    const { cursor } = await api.fetchPage();
    const refused = await server.admin<{ error: string }>('POST', `/devices/${serial}/activate`);
    assert.equal(refused.status, 409);
    assert.match(refused.body.error, /no profile/);

    const profile = await api.ok('POST', '/profile', {
      profile_name: 'Lifecycle',
      url: 'https://mdm.example.com/enroll',
      is_supervised: true,
      is_mdm_removable: false,
      skip_setup_items: ['Siri', 'TOS'],
      devices: [serial],
    });
    const activated = await server.admin<Record<string, unknown>>(
      'POST',
      `/devices/${serial}/activate`,
    );
    assert.equal(activated.status, 200);
    assert.equal(activated.body.profile_status, 'pushed');
    assert.equal(activated.body.profile_uuid, profile.profile_uuid);
    const config = activated.body.cloud_configuration as Record<string, unknown>;
    assert.equal(config.ConfigurationURL, 'https://mdm.example.com/enroll');
    assert.equal(config.IsMDMUnremovable, true);
    assert.deepEqual(config.SkipSetup, ['Siri', 'TOS']);
    assert.equal((activated.body.profile as Record<string, unknown>).is_supervised, true);

    await api.ok('DELETE', '/profile/devices', { devices: [serial] });
    const removedActivation = await server.admin('POST', `/devices/${serial}/activate`);
    assert.equal(removedActivation.status, 409);

    const synced = await api.syncPage({ cursor });
    assert.deepEqual(
      synced.devices.map((d) => [d.op_type, d.profile_status, d.profile_uuid]),
      [
        ['modified', 'assigned', profile.profile_uuid],
        ['modified', 'pushed', profile.profile_uuid],
        ['modified', 'removed', profile.profile_uuid],
      ],
    );
    assert.equal(synced.devices[1]?.profile_push_time, activated.body.profile_push_time);
  });

  it('move: deleted on the old server, added on the new, all or nothing', async () => {
    const target = await serverWithDevices(server, 0);
    const before = await api.fetchPage();
    const targetBefore = await target.api.fetchPage();

    const unknown = await server.admin('POST', '/devices/move', {
      serials: [serials[1], 'NOPE00000001'],
      server_uuid: target.mdm.server_uuid,
    });
    assert.equal(unknown.status, 404);
    for (const deadline of [
      '2030-02-30T00:00:00Z',
      '2030-01-31T24:00:00Z',
      '2030-13-01T00:00:00Z',
      '2030-01-31T00:60:00Z',
      '2030-01-31',
      'soon',
      20300131,
    ]) {
      const refused = await server.admin('POST', '/devices/move', {
        serials: [serials[1]],
        server_uuid: target.mdm.server_uuid,
        mdm_migration_deadline: deadline,
      });
      assert.equal(refused.status, 400, String(deadline));
    }
    const moved = await server.admin('POST', '/devices/move', {
      serials: [serials[1]],
      server_uuid: target.mdm.server_uuid,
      mdm_migration_deadline: '2030-01-31T00:00:00Z',
    });
    assert.deepEqual(moved.body, {
      server_uuid: target.mdm.server_uuid,
      devices: { [serials[1] as string]: 'moved' },
    });

    const left = await api.syncPage({ cursor: before.cursor });
    assert.deepEqual(
      left.devices.map((d) => [d.op_type, d.serial_number]),
      [['deleted', serials[1]]],
    );
    const arrived = await target.api.syncPage({ cursor: targetBefore.cursor });
    assert.equal(arrived.devices.length, 1);
    assert.equal(arrived.devices[0]?.op_type, 'added');
    assert.equal(arrived.devices[0]?.profile_status, 'empty');
    assert.equal(arrived.devices[0]?.mdm_migration_deadline, '2030-01-31T00:00:00Z');
    const older = await target.api.call(
      'POST',
      '/devices/sync',
      { cursor: targetBefore.cursor },
      7,
    );
    assert.ok(!('mdm_migration_deadline' in (older.json<Page>().devices[0] ?? {})));
  });

  it('move to the server a device is on drops its profile (modified, removed)', async () => {
    const serial = serials[2] as string;
    const profile = await api.ok('POST', '/profile', {
      profile_name: 'Again',
      url: 'https://mdm.example.com/enroll',
      devices: [serial],
    });
    const { cursor } = await api.fetchPage();
    const again = await server.admin('POST', '/devices/move', {
      serials: [serial],
      server_uuid: mdm.server_uuid,
    });
    assert.deepEqual(again.body, {
      server_uuid: mdm.server_uuid,
      devices: { [serial]: 'reassigned' },
    });
    const synced = await api.syncPage({ cursor });
    assert.deepEqual(
      synced.devices.map((d) => [d.op_type, d.profile_status, d.profile_uuid]),
      [['modified', 'removed', profile.profile_uuid]],
    );
  });

  it('move to no server; rejects bad requests with a JSON error', async () => {
    const serial = serials[2] as string;
    const unassigned = await server.admin('POST', '/devices/move', {
      serials: [serial],
      server_uuid: null,
    });
    assert.equal(unassigned.status, 200);
    const details = await api.ok<{ devices: Record<string, unknown> }>('POST', '/devices', {
      devices: [serial],
    });
    assert.deepEqual(details.devices[serial], { response_status: 'NOT_ACCESSIBLE' });

    const cases: Array<[unknown, number]> = [
      [{ serials: [], server_uuid: null }, 400],
      [{ serials: [serial] }, 400],
      [{ serials: [serial], server_uuid: 5 }, 400],
      [{ serials: [5], server_uuid: null }, 400],
      [{ serials: [serial], server_uuid: 'NOSUCHSERVER' }, 404],
      [{ serials: [serial], server_uuid: mdm.server_uuid, mdm_migration_deadline: 'soon' }, 400],
      [
        { serials: [serial], server_uuid: null, mdm_migration_deadline: '2030-01-01T00:00:00Z' },
        400,
      ],
    ];
    for (const [body, status] of cases) {
      const answer = await server.admin<{ error: string }>('POST', '/devices/move', body);
      assert.equal(answer.status, status, JSON.stringify(body));
      assert.equal(typeof answer.body.error, 'string');
    }
    assert.equal((await server.admin('POST', '/devices/NOPE00000001/activate')).status, 404);
  });

  it('generate: realistic devices in bulk; checks count and server', async () => {
    const answer = await server.admin<{ count: number; sample: string[] }>(
      'POST',
      '/devices/generate',
      {
        server_uuid: mdm.server_uuid,
        count: 40,
      },
    );
    assert.equal(answer.status, 201);
    assert.equal(answer.body.count, 40);
    assert.equal(answer.body.sample.length, 5);
    const all = await server.admin<Page>('GET', `/devices?server_uuid=${mdm.server_uuid}`);
    assert.ok(all.body.devices.length >= 40);

    const loose = await server.admin('POST', '/devices/generate', { count: 3 });
    assert.equal(loose.status, 201);
    for (const [body, status] of [
      [{ count: 0 }, 400],
      [{ count: 1.5 }, 400],
      [{ count: '10' }, 400],
      [{ count: 1_000_001 }, 400],
      [{ count: 100_001 }, 400],
      [{ count: 1, server_uuid: 'NOSUCHSERVER' }, 404],
    ] as const) {
      assert.equal((await server.admin('POST', '/devices/generate', body)).status, status);
    }
  });

  it('generate: the server keeps answering during a 100,000-device request', async () => {
    const over = await server.admin<{ error: string }>('POST', '/devices/generate', {
      count: 100_001,
    });
    assert.equal(over.status, 400);
    assert.match(JSON.stringify(over.body), /call again|opendep devices generate/);

    const generating = server.admin<{ count: number }>('POST', '/devices/generate', {
      count: 100_000,
    });
    let finished = false;
    void generating.then(() => {
      finished = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const waits: number[] = [];
    while (!finished && waits.length < 5) {
      const started = Date.now();
      const health = await fetch(`${server.url}/_opendep/health`);
      assert.equal(health.status, 200);
      waits.push(Date.now() - started);
    }
    const done = await generating;
    assert.equal(done.status, 201);
    assert.equal(done.body.count, 100_000);
    assert.ok(waits.length > 0, 'the generation finished before health was asked');
    assert.ok(Math.max(...waits) < 2500, `health waited ${waits.join(', ')} ms`);
  });

  it('replace: checks the original and the new serial', async () => {
    assert.equal((await server.admin('POST', '/devices/NOPE00000001/replace', {})).status, 404);
    const bad = await server.admin('POST', `/devices/${serials[0]}/replace`, {
      replacement_serial: 'bad!',
    });
    assert.equal(bad.status, 400);
    const taken = await server.admin('POST', `/devices/${serials[0]}/replace`, {
      replacement_serial: serials[2],
    });
    assert.equal(taken.status, 409);
    const made = await server.admin<Record<string, unknown>>(
      'POST',
      `/devices/${serials[0]}/replace`,
    );
    assert.equal(made.status, 201);
    assert.equal(made.body.is_replacement_device, true);
    assert.equal(made.body.server_uuid, mdm.server_uuid);
  });

  it('needs the admin token', async () => {
    const answer = await fetch(`${server.url}/_opendep/devices/generate`, {
      method: 'POST',
      body: JSON.stringify({ count: 1 }),
    });
    assert.equal(answer.status, 401);
  });
});
