import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppleApi, errorOf, serverWithDevices } from './helpers/device-api.js';
import { startTestServer, type CreatedMdmServer, type TestServer } from './helpers/test-server.js';

const KEY = 'B'.repeat(64);

describe('device details, disown, Activation Lock and replacement details', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;
  let api: AppleApi;
  let foreign: string;

  before(async () => {
    server = await startTestServer();
    ({ mdm, api } = await serverWithDevices(server, 0));
    const added = await server.admin('POST', '/devices', {
      server_uuid: mdm.server_uuid,
      devices: [
        { serial_number: 'DETL00000001', device_family: 'iPad' },
        { serial_number: 'DETL00000002', device_family: 'iPhone' },
        { serial_number: 'DETL00000003', device_family: 'AppleTV' },
        { serial_number: 'DETL00000004', device_family: 'Mac' },
        { serial_number: 'DETL00000005', device_family: 'iPhone' },
      ],
    });
    assert.equal(added.status, 201);
    const elsewhere = await serverWithDevices(server, 1);
    foreign = String((await elsewhere.api.fetchPage()).devices[0]?.serial_number);
  });
  after(() => server.close());

  it('POST /devices: record and SUCCESS, or only NOT_ACCESSIBLE', async () => {
    const answer = await api.ok<{ devices: Record<string, Record<string, unknown>> }>(
      'POST',
      '/devices',
      { devices: ['DETL00000001', foreign, 'NOPE00000001', 'DETL00000001'] },
    );
    assert.deepEqual(Object.keys(answer.devices), ['DETL00000001', foreign, 'NOPE00000001']);
    const ipad = answer.devices.DETL00000001 ?? {};
    assert.equal(ipad.response_status, 'SUCCESS');
    assert.equal(ipad.os, 'iPadOS');
    assert.equal(typeof ipad.wifi_mac_address, 'string');
    assert.ok(!('op_type' in ipad));
    assert.deepEqual(answer.devices[foreign], { response_status: 'NOT_ACCESSIBLE' });
    assert.deepEqual(answer.devices.NOPE00000001, { response_status: 'NOT_ACCESSIBLE' });
  });

  it('POST /devices: a blank serial is dropped, never answered as a "" key', async () => {
    const answer = await api.ok<{ devices: Record<string, Record<string, unknown>> }>(
      'POST',
      '/devices',
      { devices: ['', 'DETL00000001', ' '] },
    );
    assert.deepEqual(Object.keys(answer.devices), ['DETL00000001']);
    assert.deepEqual(errorOf(await api.call('POST', '/devices', { devices: [''] })), [
      400,
      'DEVICE_ID_REQUIRED',
    ]);
  });

  it('shows each field from its protocol version', async () => {
    const body = { devices: ['DETL00000001', 'DETL00000002'] };
    const at = async (version: number) => {
      const answer = await api.call('POST', '/devices', body, version);
      return answer.json<{ devices: Record<string, Record<string, unknown>> }>().devices;
    };
    const v1 = await at(1);
    assert.ok(!('os' in (v1.DETL00000001 ?? {})) && !('device_family' in (v1.DETL00000001 ?? {})));
    assert.equal((await at(3)).DETL00000001?.os, 'iOS');
    assert.equal((await at(7)).DETL00000001?.os, 'iPadOS');
    const v9 = (await at(9)).DETL00000002 ?? {};
    const v10 = (await at(10)).DETL00000002 ?? {};
    assert.ok(!('imei' in v9) && !('is_replacement_device' in v9));
    assert.equal((v10.imei as string[]).length, 2);
    assert.match(String(v10.eid), /^\d{32}$/);
    assert.equal(v10.is_replacement_device, false);
  });

  it('DEVICE_ID_REQUIRED without serials; MALFORMED_REQUEST_BODY for a wrong type', async () => {
    for (const path of ['/devices', '/devices/disown']) {
      for (const body of [{}, { devices: [] }, { devices: null }, { devices: ['', ' '] }]) {
        assert.deepEqual(errorOf(await api.call('POST', path, body)), [400, 'DEVICE_ID_REQUIRED']);
      }
      for (const body of [{ devices: 'DETL00000001' }, { devices: [1] }, 'nope']) {
        const answer = await api.call('POST', path, body);
        assert.deepEqual(errorOf(answer), [400, 'MALFORMED_REQUEST_BODY']);
      }
    }
  });

  it('POST /device/activationlock: every outcome, and the lock is kept', async () => {
    const lock = (body: Record<string, unknown>) =>
      api.ok<{ serial_number: string; response_status: string }>(
        'POST',
        '/device/activationlock',
        body,
      );
    assert.deepEqual(await lock({ device: 'DETL00000002', escrow_key: KEY, lost_message: 'Hi' }), {
      serial_number: 'DETL00000002',
      response_status: 'SUCCESS',
    });
    const again = await lock({ device: 'DETL00000002' });
    assert.equal(again.response_status, 'DEVICE_ALREADY_LOCKED');
    assert.equal((await lock({ device: foreign })).response_status, 'NOT_ACCESSIBLE');
    assert.equal((await lock({ device: 'DETL00000003' })).response_status, 'DEVICE_NOT_SUPPORTED');
    const badKey = await lock({ device: 'DETL00000004', escrow_key: 'not-a-key' });
    assert.equal(badKey.response_status, 'FAILED');
    const emptyKey = await lock({ device: 'DETL00000004', escrow_key: '' });
    assert.equal(emptyKey.response_status, 'FAILED');
    assert.equal((await lock({ device: 'DETL00000004' })).response_status, 'SUCCESS');

    const org = await server.running.storage.repo.getServer(mdm.server_uuid);
    await server.running.storage.repo.updateOrganization(String(org?.org_id), {
      org_version: 'v1',
    });
    try {
      assert.equal((await lock({ device: 'DETL00000005' })).response_status, 'ORG_NOT_SUPPORTED');
    } finally {
      await server.running.storage.repo.updateOrganization(String(org?.org_id), {
        org_version: 'v2',
      });
    }
    for (const body of [{}, { device: '' }, { escrow_key: KEY }]) {
      const answer = await api.call('POST', '/device/activationlock', body);
      assert.deepEqual(errorOf(answer), [400, 'DEVICE_ID_REQUIRED']);
    }
    const wrongType = await api.call('POST', '/device/activationlock', { device: ['X'] });
    assert.deepEqual(errorOf(wrongType), [400, 'MALFORMED_REQUEST_BODY']);
  });

  it('GET /device/replacementDetails: from version 10, for replacement devices only', async () => {
    const path = (serial: string) => `/device/replacementDetails?device=${serial}`;
    const { cursor } = await api.fetchPage({});
    const replaced = await server.admin<{ serial_number: string }>(
      'POST',
      '/devices/DETL00000005/replace',
      { replacement_serial: 'REPL00000005' },
    );
    assert.equal(replaced.status, 201);
    const details = await api.ok('GET', path('REPL00000005'));
    assert.equal(details.serial_number, 'REPL00000005');
    assert.equal(details.original_device_serial_number, 'DETL00000005');
    assert.match(String(details.replacement_date), /^\d{4}-\d{2}-\d{2}$/);

    const journal = await api.syncPage({ cursor });
    assert.deepEqual(
      journal.devices.map((d) => [d.op_type, d.serial_number, d.released_by_replacement]),
      [
        ['deleted', 'DETL00000005', true],
        ['added', 'REPL00000005', undefined],
      ],
    );
    assert.equal(journal.devices[1]?.is_replacement_device, true);
    const older = await api.call('POST', '/devices/sync', { cursor }, 9);
    const olderRecords = older.json<{ devices: Array<Record<string, unknown>> }>().devices;
    assert.ok(olderRecords.every((d) => !('released_by_replacement' in d)));

    assert.deepEqual(errorOf(await api.call('GET', path('REPL00000005'), undefined, 9)), [
      404,
      'NOT_FOUND',
    ]);
    for (const query of ['/device/replacementDetails', path('')]) {
      assert.deepEqual(errorOf(await api.call('GET', query)), [400, 'DEVICE_ID_REQUIRED']);
    }
    for (const serial of ['DETL00000001', foreign, 'NOPE00000001', 'DETL00000005']) {
      assert.deepEqual(errorOf(await api.call('GET', path(serial))), [400, 'DEVICE_NOT_FOUND']);
    }
  });

  it('POST /devices/disown: the device leaves the organization, journaled as deleted', async () => {
    const { cursor } = await api.fetchPage({});
    const answer = await api.ok('POST', '/devices/disown', {
      devices: ['DETL00000001', foreign, 'NOPE00000001'],
    });
    assert.deepEqual(answer, {
      devices: {
        DETL00000001: 'SUCCESS',
        [foreign]: 'NOT_ACCESSIBLE',
        NOPE00000001: 'NOT_ACCESSIBLE',
      },
    });
    const details = await api.ok<{ devices: Record<string, unknown> }>('POST', '/devices', {
      devices: ['DETL00000001'],
    });
    assert.deepEqual(details.devices.DETL00000001, { response_status: 'NOT_ACCESSIBLE' });
    const listed = await server.admin<{ devices: Array<{ serial_number: string }> }>(
      'GET',
      '/devices',
    );
    assert.ok(!listed.body.devices.some((d) => d.serial_number === 'DETL00000001'));

    const synced = await api.syncPage({ cursor });
    const record = synced.devices.find((d) => d.serial_number === 'DETL00000001');
    assert.deepEqual(Object.keys(record ?? {}).sort(), [
      'op_date',
      'op_type',
      'released_by_replacement',
      'serial_number',
    ]);
    assert.equal(record?.op_type, 'deleted');
  });
});
