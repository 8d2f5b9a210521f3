import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Device } from '../src/domain/device.js';
import type { DeviceEvent } from '../src/storage/repository.js';
import type { Storage } from '../src/storage/storage.js';
import { sampleDevice } from './helpers/device-fixture.js';
import { backendName } from './helpers/test-database.js';
import { openTestStorage, SOME_TIME, type TestStorage } from './helpers/test-storage.js';

const ORG = '1234567';

function device(serial: string, overrides: Partial<Device> = {}): Device {
  return sampleDevice({ serial_number: serial, org_id: ORG, server_uuid: 'S1', ...overrides });
}

function event(serverUuid: string, serial: string, n: number): DeviceEvent {
  return {
    server_uuid: serverUuid,
    serial_number: serial,
    op_type: 'modified',
    op_date: SOME_TIME + n,
    record: { serial_number: serial, n, nested: { list: ['é', '🍎'] } },
  };
}

/**
 * Serials that byte order (SQLite's, and what cursors promise) sorts differently from
 * the usual locale collations, which put `_` first and `a` between `A` and `B`.
 */
const MIXED = ['a0000001', 'B0000001', '_0000001', 'Z0000001', '0A000001', 'A0000002'];

/** Devices, journal and per-device state: what every backend must do with them. */
describe(`storage contract: devices and journal (${backendName})`, () => {
  let opened: TestStorage;
  let storage: Storage;

  before(async () => {
    opened = await openTestStorage();
    storage = opened.storage;
    await storage.repo.insertOrganization({
      org_id: ORG,
      org_name: 'Org',
      org_email: 'e',
      org_phone: 'p',
      org_address: 'a',
      org_type: 'org',
      org_version: 'v2',
      admin_id: 'a',
      created_at: SOME_TIME,
    });
  });
  after(() => opened.close());

  it('inserts devices in bulk and reads them back field for field', async () => {
    const many = Array.from({ length: 1200 }, (_, n) =>
      device(`BULK${String(n).padStart(8, '0')}`, {
        joined_seq: n,
        imei: n % 2 === 0 ? ['356000000000001', '356000000000002'] : [],
        is_replacement_device: n % 3 === 0,
        profile_assign_time: n % 5 === 0 ? SOME_TIME + n : null,
      }),
    );
    await storage.repo.devices.insert(many);

    const found = await storage.repo.devices.bySerial(many.map((d) => d.serial_number));
    assert.equal(found.size, many.length);
    for (const expected of many) assert.deepEqual(found.get(expected.serial_number), expected);
    const taken = await storage.repo.devices.existingSerials(['BULK00000001', 'NOPE00000001']);
    assert.deepEqual([...taken], ['BULK00000001']);
    await storage.refreshStatistics(['devices', 'device_events']);
  });

  it('writes lifecycle columns back, sets joined_seq, deletes', async () => {
    const changed = device('BULK00000007', {
      profile_uuid: 'P'.repeat(32),
      profile_status: 'assigned',
      profile_assign_time: SOME_TIME,
      server_uuid: 'S2',
    });
    await storage.repo.devices.update(changed);
    await storage.repo.devices.setJoinedSeq(['BULK00000007'], 4242);
    await storage.repo.devices.delete(['BULK00000008']);

    const found = await storage.repo.devices.bySerial(['BULK00000007', 'BULK00000008']);
    assert.deepEqual(found.get('BULK00000007'), { ...changed, joined_seq: 4242 });
    assert.equal(found.has('BULK00000008'), false);
  });

  it('writes many devices back at once, each with its own values', async () => {
    const serials = Array.from(
      { length: 950 },
      (_, n) => `BULK${String(n + 100).padStart(8, '0')}`,
    );
    const changed = serials.map((serial, n) =>
      device(serial, {
        joined_seq: n + 100,
        imei: (n + 100) % 2 === 0 ? ['356000000000001', '356000000000002'] : [],
        is_replacement_device: (n + 100) % 3 === 0,
        profile_uuid: n % 2 === 0 ? 'A'.repeat(32) : 'B'.repeat(32),
        profile_status: 'assigned',
        profile_assign_time: SOME_TIME,
        profile_push_time: n === 7 ? SOME_TIME + 7 : null,
      }),
    );
    await storage.repo.devices.updateMany(changed);
    const found = await storage.repo.devices.bySerial(serials);
    for (const expected of changed) assert.deepEqual(found.get(expected.serial_number), expected);

    // Given the rows as read, only what differs is written; unchanged devices are skipped.
    const again = changed.map((d, n) =>
      n % 3 === 0 ? d : { ...d, profile_status: 'removed' as const, server_uuid: 'S9' },
    );
    await storage.repo.devices.updateMany(again, found);
    const after = await storage.repo.devices.bySerial(serials);
    for (const expected of again) assert.deepEqual(after.get(expected.serial_number), expected);
  });

  it('pages a fetch by (joined_seq, serial) in byte order, up to the mark', async () => {
    await storage.repo.devices.insert([
      ...MIXED.map((serial) => device(serial, { server_uuid: 'PAGED', joined_seq: 10 })),
      device('LATE00000001', { server_uuid: 'PAGED', joined_seq: 11 }),
      device('EARLY0000001', { server_uuid: 'PAGED', joined_seq: 9 }),
    ]);
    const listed: string[] = [];
    let key: { joinedSeq: number; serial: string } | null = null;
    for (;;) {
      const page = await storage.repo.devices.fetchPage('PAGED', 10, key, 2);
      if (page.length === 0) break;
      listed.push(...page.map((d) => d.serial_number));
      const last = page[page.length - 1] as Device;
      key = { joinedSeq: last.joined_seq ?? 0, serial: last.serial_number };
    }
    assert.deepEqual(listed, ['EARLY0000001', ...[...MIXED].sort()]);
  });

  it('lists devices by serial in byte order from a given serial', async () => {
    const page = await storage.repo.listDevices({ serverUuid: 'PAGED', limit: 4, after: 'B' });
    const expected = [...MIXED, 'EARLY0000001', 'LATE00000001'].sort().filter((s) => s > 'B');
    assert.deepEqual(
      page.map((d) => d.serial_number),
      expected.slice(0, 4),
    );
  });

  it('appends to the journal and reads one server at a time, oldest first', async () => {
    const events = Array.from({ length: 2500 }, (_, n) =>
      event(n % 2 === 0 ? 'JA' : 'JB', `J${String(n).padStart(9, '0')}`, n),
    );
    const before = await storage.repo.journal.highWater();
    await storage.repo.journal.append(events);
    const top = await storage.repo.journal.highWater();
    assert.equal(typeof top, 'number');
    assert.ok(top >= before + events.length);

    const first = await storage.repo.journal.after('JA', before, 1000);
    assert.equal(first.length, 1000);
    assert.deepEqual(first[0]?.record, events[0]?.record);
    assert.equal(first[0]?.op_date, SOME_TIME);
    assert.ok(
      first.every((e, n) => e.server_uuid === 'JA' && (n === 0 || e.seq > first[n - 1]!.seq)),
    );
    const rest = await storage.repo.journal.after('JA', first[999]!.seq, 1000);
    assert.equal(rest.length, 250);
    assert.deepEqual(await storage.repo.journal.after('JA', top, 10), []);
  });

  it('locks a device once, and keeps assignment times for the throttle', async () => {
    const lock = {
      serial_number: 'LOCK00000001',
      locked_at: SOME_TIME,
      escrow_key_digest: null,
      lost_message: 'é',
    };
    assert.equal(await storage.repo.deviceState.lock(lock), true);
    assert.equal(await storage.repo.deviceState.lock(lock), false);
    assert.deepEqual(await storage.repo.deviceState.activationLock('LOCK00000001'), lock);

    await storage.repo.deviceState.recordAssignments(['T1', 'T2'], SOME_TIME);
    await storage.repo.deviceState.recordAssignments(['T1'], SOME_TIME + 10);
    const times = await storage.repo.deviceState.assignmentsSince(['T1', 'T2', 'T3'], SOME_TIME);
    assert.deepEqual(Object.fromEntries(times), { T1: [SOME_TIME + 10] });
    await storage.repo.deviceState.pruneAssignments(SOME_TIME + 10);
    assert.equal((await storage.repo.deviceState.assignmentsSince(['T1'], 0)).size, 0);
  });
});
