import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  appleCall,
  createMdmServer,
  sessionFor,
  startTestServer,
  type TestServer,
} from './helpers/test-server.js';

const PROFILE = {
  profile_name: 'Lab',
  url: 'https://mdm.example.com/enroll',
  is_supervised: true,
  skip_setup_items: ['AppleID', 'TOS'],
  department: 'Science',
};

interface DeviceView {
  serial_number: string;
  profile_uuid?: string;
  profile_status: string;
  profile_assign_time?: string;
}

describe('Get, assign and remove a profile over HTTP', () => {
  let server: TestServer;
  let mine: string;
  let theirs: string;
  let mineUuid: string;
  let theirUuid: string;

  const call = (session: string, method: string, path: string, body?: unknown) =>
    appleCall(server.url, session, method, path, body === undefined ? {} : { body });

  async function device(serial: string): Promise<DeviceView> {
    const listing = await server.admin<{ devices: DeviceView[] }>('GET', '/devices?limit=10000');
    const found = listing.body.devices.find((d) => d.serial_number === serial);
    assert.ok(found, serial);
    return found;
  }

  before(async () => {
    server = await startTestServer();
    const a = await createMdmServer(server, ['MINE00000001', 'MINE00000002', 'MINE00000003']);
    const b = await createMdmServer(server, ['THEIRS000001']);
    mine = await sessionFor(server.url, a.token);
    theirs = await sessionFor(server.url, b.token);
    mineUuid = (await call(mine, 'POST', '/profile', PROFILE)).json().profile_uuid as string;
    theirUuid = (await call(theirs, 'POST', '/profile', PROFILE)).json().profile_uuid as string;
  });
  after(() => server.close());

  it('GET /profile returns the definition, every boolean explicit, no devices', async () => {
    const response = await call(mine, 'GET', `/profile?profile_uuid=${mineUuid}`);
    assert.equal(response.status, 200);
    const body = response.json();
    assert.equal(body.profile_uuid, mineUuid);
    assert.equal(body.profile_name, 'Lab');
    assert.deepEqual(body.skip_setup_items, ['AppleID', 'TOS']);
    for (const flag of [
      'allow_pairing',
      'is_supervised',
      'is_multi_user',
      'is_mandatory',
      'await_device_configured',
      'is_mdm_removable',
      'auto_advance_setup',
    ]) {
      assert.equal(typeof body[flag], 'boolean', flag);
    }
    assert.equal(body.allow_pairing, true);
    assert.equal(body.is_mdm_removable, true);
    assert.equal('devices' in body, false);
  });

  it('GET /profile leaves out the version-2 fields for a version-1 caller', async () => {
    const path = `/profile?profile_uuid=${mineUuid}`;
    const v1 = await appleCall(server.url, mine, 'GET', path, {
      headers: { 'x-server-protocol-version': '1' },
    });
    const v2 = await appleCall(server.url, mine, 'GET', path, {
      headers: { 'x-server-protocol-version': '2' },
    });
    for (const field of ['auto_advance_setup', 'await_device_configured', 'is_multi_user']) {
      assert.equal(field in v1.json(), false, field);
      assert.equal(field in v2.json(), true, field);
    }
  });

  it('GET /profile accepts lower-case and dashed UUIDs', async () => {
    const lower = mineUuid.toLowerCase();
    const dashed = `${lower.slice(0, 8)}-${lower.slice(8, 12)}-${lower.slice(12)}`;
    assert.equal((await call(mine, 'GET', `/profile?profile_uuid=${dashed}`)).status, 200);
  });

  it('GET /profile: PROFILE_UUID_REQUIRED, and 404 NOT_FOUND for unknown or foreign', async () => {
    for (const path of ['/profile', '/profile?profile_uuid=']) {
      const response = await call(mine, 'GET', path);
      assert.deepEqual([response.status, response.text], [400, 'PROFILE_UUID_REQUIRED']);
    }
    for (const uuid of ['0'.repeat(32), theirUuid]) {
      const response = await call(mine, 'GET', `/profile?profile_uuid=${uuid}`);
      assert.deepEqual([response.status, response.text], [404, 'NOT_FOUND']);
    }
  });

  it('assign (POST and PUT) sets assigned with an assign time, result per serial', async () => {
    const before = server.clock.now().getTime();
    const response = await call(mine, 'POST', '/profile/devices', {
      profile_uuid: mineUuid,
      devices: ['MINE00000001', 'THEIRS000001', 'NOSUCH000001', 'MINE00000001'],
    });
    assert.equal(response.status, 200);
    assert.deepEqual(response.json(), {
      profile_uuid: mineUuid,
      devices: {
        MINE00000001: 'SUCCESS',
        THEIRS000001: 'NOT_ACCESSIBLE',
        NOSUCH000001: 'NOT_ACCESSIBLE',
      },
    });
    const assigned = await device('MINE00000001');
    assert.equal(assigned.profile_status, 'assigned');
    assert.equal(assigned.profile_uuid, mineUuid);
    assert.ok(Date.parse(assigned.profile_assign_time ?? '') >= Math.floor(before / 1000) * 1000);
    assert.equal((await device('THEIRS000001')).profile_status, 'empty');

    const put = await call(mine, 'PUT', '/profile/devices', {
      profile_uuid: mineUuid,
      devices: ['MINE00000002'],
    });
    assert.deepEqual(put.json().devices, { MINE00000002: 'SUCCESS' });
  });

  it('assign: PROFILE_UUID_REQUIRED, DEVICE_ID_REQUIRED, 404, malformed bodies', async () => {
    const cases: [unknown, number, string][] = [
      [{ devices: ['MINE00000001'] }, 400, 'PROFILE_UUID_REQUIRED'],
      [{ profile_uuid: '', devices: ['MINE00000001'] }, 400, 'PROFILE_UUID_REQUIRED'],
      [{ profile_uuid: '  ', devices: ['MINE00000001'] }, 400, 'PROFILE_UUID_REQUIRED'],
      [{ profile_uuid: mineUuid }, 400, 'DEVICE_ID_REQUIRED'],
      [{ profile_uuid: mineUuid, devices: [] }, 400, 'DEVICE_ID_REQUIRED'],
      [{ profile_uuid: theirUuid, devices: ['MINE00000001'] }, 404, 'NOT_FOUND'],
      [{ profile_uuid: '1'.repeat(32), devices: ['MINE00000001'] }, 404, 'NOT_FOUND'],
      [{ profile_uuid: mineUuid, devices: 'MINE00000001' }, 400, 'MALFORMED_REQUEST_BODY'],
      [{ profile_uuid: 7, devices: ['MINE00000001'] }, 400, 'MALFORMED_REQUEST_BODY'],
      ['{"profile_uuid":', 400, 'MALFORMED_REQUEST_BODY'],
      ['[]', 400, 'MALFORMED_REQUEST_BODY'],
    ];
    for (const [body, status, code] of cases) {
      const response = await call(mine, 'POST', '/profile/devices', body);
      assert.deepEqual([response.status, response.text], [status, code], JSON.stringify(body));
    }
  });

  it('remove keeps the old profile_uuid with status removed', async () => {
    const response = await call(mine, 'DELETE', '/profile/devices', {
      devices: ['MINE00000001', 'THEIRS000001', 'MINE00000003'],
      profile_uuid: 'ignored',
    });
    assert.equal(response.status, 200);
    assert.deepEqual(response.json(), {
      devices: {
        MINE00000001: 'SUCCESS',
        THEIRS000001: 'NOT_ACCESSIBLE',
        MINE00000003: 'SUCCESS',
      },
    });
    const removed = await device('MINE00000001');
    assert.equal(removed.profile_status, 'removed');
    assert.equal(removed.profile_uuid, mineUuid);
    assert.equal((await device('MINE00000003')).profile_status, 'empty');
  });

  it('remove: DEVICE_ID_REQUIRED and MALFORMED_REQUEST_BODY', async () => {
    for (const [body, code] of [
      [{}, 'DEVICE_ID_REQUIRED'],
      [{ devices: [] }, 'DEVICE_ID_REQUIRED'],
      [{ devices: [1] }, 'MALFORMED_REQUEST_BODY'],
      ['nope', 'MALFORMED_REQUEST_BODY'],
    ] as const) {
      const response = await call(mine, 'DELETE', '/profile/devices', body);
      assert.deepEqual([response.status, response.text], [400, code]);
    }
  });

  it('re-assigning a removed device makes it assigned again with the new profile', async () => {
    const second = (await call(mine, 'POST', '/profile', PROFILE)).json().profile_uuid as string;
    await call(mine, 'POST', '/profile/devices', {
      profile_uuid: second,
      devices: ['MINE00000001'],
    });
    const again = await device('MINE00000001');
    assert.deepEqual([again.profile_status, again.profile_uuid], ['assigned', second]);
  });

  it('answers 405 with an empty body for a wrong method on a known path', async () => {
    for (const [method, path] of [
      ['PATCH', '/profile'],
      ['DELETE', '/profile'],
      ['GET', '/profile/devices'],
      ['POST', '/session'],
    ]) {
      const response = await call(mine, method as string, path as string);
      assert.deepEqual([response.status, response.text], [405, ''], `${method} ${path}`);
      assert.ok(response.headers.get('allow'));
    }
    const unknown = await call(mine, 'GET', '/no/such/path');
    assert.deepEqual([unknown.status, unknown.text], [404, 'NOT_FOUND']);
  });

  it('keeps profiles and device states across a restart', async () => {
    await server.restart();
    const response = await call(mine, 'GET', `/profile?profile_uuid=${mineUuid}`);
    assert.equal(response.status, 200);
    assert.equal((await device('MINE00000001')).profile_status, 'assigned');
  });
});
