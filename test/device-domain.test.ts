import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountDetail, ACCOUNT_URLS } from '../src/domain/account-detail.js';
import { decideActivationLock, readActivationLockRequest } from '../src/domain/activation-lock.js';
import { cloudConfiguration } from '../src/domain/activation-record.js';
import { parseStrictDateTime } from '../src/domain/clock.js';
import { planActivation, planDisown, planMove } from '../src/domain/device-lifecycle.js';
import { departureRecord, deviceRecord } from '../src/domain/device-record.js';
import { viewDeviceRecord, viewSyncRecord } from '../src/domain/device-view.js';
import { sampleDevice } from './helpers/device-fixture.js';

const KEY = 'A'.repeat(64);

describe('device records by protocol version', () => {
  const ipad = sampleDevice({
    mdm_migration_deadline: Date.UTC(2025, 5, 1),
    eid: '89049032000000000000000000000099',
    imei: ['350000000000001'],
    meid: ['35000000000000'],
  });
  const record = deviceRecord(ipad);

  it('adds os and device_family at 2, iPadOS at 7, the deadline at 8, identifiers at 10', () => {
    const keysAt = (version: number) => Object.keys(viewDeviceRecord(record, version)).sort();
    assert.ok(!keysAt(1).includes('os') && !keysAt(1).includes('device_family'));
    assert.equal(viewDeviceRecord(record, 2).os, 'iOS');
    assert.equal(viewDeviceRecord(record, 6).os, 'iOS');
    assert.equal(viewDeviceRecord(record, 7).os, 'iPadOS');
    assert.ok(!keysAt(7).includes('mdm_migration_deadline'));
    assert.equal(viewDeviceRecord(record, 8).mdm_migration_deadline, '2025-06-01T00:00:00Z');
    const v10 = ['eid', 'imei', 'meid', 'wifi_mac_address', 'is_replacement_device'];
    for (const key of v10) {
      assert.ok(!keysAt(9).includes(key), key);
      assert.ok(keysAt(10).includes(key), key);
    }
    assert.deepEqual(viewDeviceRecord(record, 10).imei, ['350000000000001']);
  });

  it('leaves other families alone, omits absent values, never mutates the stored record', () => {
    const mac = deviceRecord(sampleDevice({ os: 'OSX', device_family: 'Mac' }));
    assert.equal(viewDeviceRecord(mac, 3).os, 'OSX');
    assert.ok(!('profile_uuid' in record) && !('asset_tag' in record) && !('eid' in mac));
    viewDeviceRecord(record, 1);
    assert.equal(record.os, 'iPadOS');
  });

  it('sync records add op_type and op_date; deleted ones are sparse', () => {
    const gone = departureRecord('GONE00000001', true);
    assert.deepEqual(viewSyncRecord(gone, 'deleted', '2025-01-01T00:00:00Z', 10), {
      serial_number: 'GONE00000001',
      released_by_replacement: true,
      op_type: 'deleted',
      op_date: '2025-01-01T00:00:00Z',
    });
    assert.deepEqual(Object.keys(viewSyncRecord(gone, 'deleted', 'x', 9)), [
      'serial_number',
      'op_type',
      'op_date',
    ]);
  });
});

describe('device lifecycle', () => {
  const target = {
    serverUuid: 'S2',
    now: 50,
    assignedBy: 'portal@example.com',
    migrationDeadline: null,
  };
  const assigned = sampleDevice({
    profile_uuid: 'P1',
    profile_status: 'assigned',
    profile_assign_time: 1,
  });

  it('a move to another server starts over there, without a profile', () => {
    const plan = planMove(assigned, target);
    assert.equal(plan.kind, 'moved');
    if (plan.kind !== 'moved') return;
    assert.equal(plan.leaves, 'S1');
    assert.equal(plan.device.server_uuid, 'S2');
    assert.equal(plan.device.profile_status, 'empty');
    assert.equal(plan.device.profile_uuid, null);
    assert.equal(plan.device.device_assigned_date, 50);
    assert.equal(plan.device.device_assigned_by, 'portal@example.com');
  });

  it('a move to its own server drops the profile (as Apple does); else nothing', () => {
    const same = { ...target, serverUuid: 'S1' };
    const plan = planMove(assigned, same);
    assert.equal(plan.kind, 'reassigned');
    assert.equal(plan.device.profile_status, 'removed');
    assert.equal(plan.device.profile_uuid, 'P1');
    assert.equal(planMove(sampleDevice(), same).kind, 'unchanged');
    const loose = sampleDevice({ server_uuid: null });
    assert.equal(planMove(loose, { ...target, serverUuid: null }).kind, 'unchanged');
  });

  it('activation pushes an assigned profile and refuses the rest', () => {
    const pushed = planActivation(assigned, 99);
    assert.ok(!('refused' in pushed));
    assert.deepEqual([pushed.profile_status, pushed.profile_push_time], ['pushed', 99]);
    for (const device of [
      sampleDevice(),
      sampleDevice({ profile_uuid: 'P1', profile_status: 'removed' }),
      sampleDevice({ server_uuid: null, profile_uuid: 'P1', profile_status: 'assigned' }),
    ]) {
      assert.ok('refused' in planActivation(device, 99));
    }
  });

  it("disown takes the server's devices, once each", () => {
    const devices = new Map([
      ['SAMPLE000001', sampleDevice()],
      ['OTHER0000001', sampleDevice({ serial_number: 'OTHER0000001', server_uuid: 'S9' })],
    ]);
    const plan = planDisown(
      ['SAMPLE000001', 'OTHER0000001', 'SAMPLE000001', 'NONE00000001'],
      devices,
      'S1',
    );
    assert.deepEqual(plan.results, {
      SAMPLE000001: 'SUCCESS',
      OTHER0000001: 'NOT_ACCESSIBLE',
      NONE00000001: 'NOT_ACCESSIBLE',
    });
    assert.equal(plan.leaving.length, 1);
  });
});

describe('activation lock rules', () => {
  const situation = {
    device: sampleDevice(),
    serverUuid: 'S1',
    orgVersion: 'v2',
    alreadyLocked: false,
    escrowKey: null,
  };

  it('decides in order: organization, access, device kind, escrow key, lock state', () => {
    assert.equal(decideActivationLock(situation), 'SUCCESS');
    assert.equal(decideActivationLock({ ...situation, escrowKey: KEY.toLowerCase() }), 'SUCCESS');
    assert.equal(decideActivationLock({ ...situation, orgVersion: 'v1' }), 'ORG_NOT_SUPPORTED');
    assert.equal(decideActivationLock({ ...situation, serverUuid: 'S2' }), 'NOT_ACCESSIBLE');
    assert.equal(decideActivationLock({ ...situation, device: undefined }), 'NOT_ACCESSIBLE');
    const tv = sampleDevice({ device_family: 'AppleTV', os: 'tvOS' });
    assert.equal(decideActivationLock({ ...situation, device: tv }), 'DEVICE_NOT_SUPPORTED');
    assert.equal(decideActivationLock({ ...situation, escrowKey: 'ABC' }), 'FAILED');
    assert.equal(decideActivationLock({ ...situation, escrowKey: `${KEY}0` }), 'FAILED');
    assert.equal(
      decideActivationLock({ ...situation, alreadyLocked: true }),
      'DEVICE_ALREADY_LOCKED',
    );
  });

  it('reads the request: device required, strings only', () => {
    assert.deepEqual(readActivationLockRequest({}), { ok: false, code: 'DEVICE_ID_REQUIRED' });
    assert.deepEqual(readActivationLockRequest({ device: '' }), {
      ok: false,
      code: 'DEVICE_ID_REQUIRED',
    });
    assert.deepEqual(readActivationLockRequest({ device: 5 }), {
      ok: false,
      code: 'MALFORMED_REQUEST_BODY',
    });
    assert.deepEqual(readActivationLockRequest({ device: 'X', escrow_key: 1 }), {
      ok: false,
      code: 'MALFORMED_REQUEST_BODY',
    });
    assert.deepEqual(readActivationLockRequest({ device: 'X', lost_message: 'Call us' }), {
      ok: true,
      request: { device: 'X', escrowKey: null, lostMessage: 'Call us' },
    });
  });
});

describe('account detail and the activation record', () => {
  const source = {
    server: { server_name: 'MDM', server_uuid: 'S1', admin_id: 'admin@example.com' },
    org: {
      org_id: '42',
      org_name: 'Org',
      org_email: 'it@example.com',
      org_phone: '555',
      org_address: '1 Way',
      org_type: 'edu',
      org_version: 'v2',
    },
    orgIdHash: 'ab'.repeat(32),
  };

  it('adds the organization fields and urls from version 3, limits on the paged ones', () => {
    assert.ok(!('org_id' in accountDetail(source, 2)));
    const v3 = accountDetail(source, 3);
    assert.deepEqual([v3.org_id, v3.org_type, v3.org_version], ['42', 'edu', 'v2']);
    assert.equal(v3.facilitator_id, 'admin@example.com');
    const paged = ACCOUNT_URLS.filter((url) => url.limit !== undefined).map((url) => url.uri);
    assert.deepEqual(paged, ['/server/devices', '/devices/sync']);
  });

  it('hands the device its profile under the names devices use', () => {
    const config = cloudConfiguration(
      {
        url: 'https://mdm.example.com/enroll',
        is_supervised: true,
        is_mdm_removable: false,
        skip_setup_items: ['Siri'],
        org_magic: 'MAGIC',
      },
      { org_name: 'Org', org_address: '1 Way' },
    );
    assert.equal(config.ConfigurationURL, 'https://mdm.example.com/enroll');
    assert.equal(config.IsSupervised, true);
    assert.equal(config.IsMDMUnremovable, true);
    assert.deepEqual(config.SkipSetup, ['Siri']);
    assert.equal(config.OrganizationMagic, 'MAGIC');
    assert.equal(config.OrganizationName, 'Org');
  });
});

describe('strict date-times', () => {
  it('reads RFC 3339 date-times, refusing days and hours that do not exist', () => {
    assert.equal(parseStrictDateTime('2030-01-31T00:00:00Z'), Date.UTC(2030, 0, 31));
    assert.equal(
      parseStrictDateTime('2028-02-29T12:30:00.5Z'),
      Date.UTC(2028, 1, 29, 12, 30, 0, 500),
    );
    assert.equal(parseStrictDateTime('2030-01-31T02:00:00+02:00'), Date.UTC(2030, 0, 31));
    assert.equal(parseStrictDateTime('2030-01-30T22:30:00-01:30'), Date.UTC(2030, 0, 31));
    for (const text of [
      '2030-02-30T00:00:00Z',
      '2029-02-29T00:00:00Z',
      '2030-01-31T24:00:00Z',
      '2030-01-31T23:59:60Z',
      '2030-00-10T00:00:00Z',
      '2030-01-31T00:00:00',
      '2030-01-31T00:00:00+24:00',
      '2030-01-31',
      ' 2030-01-31T00:00:00Z',
    ]) {
      assert.equal(parseStrictDateTime(text), undefined, text);
    }
  });
});
