import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AppleApi,
  errorOf,
  fetchAll,
  serverWithDevices,
  type DevicePageBody,
} from './helpers/device-api.js';
import { appleCall, startTestServer, type TestServer } from './helpers/test-server.js';

const DAY_MS = 24 * 3600 * 1000;

function tampered(cursor: string): string {
  const index = Math.floor(cursor.length / 2);
  const swapped = cursor[index] === 'A' ? 'B' : 'A';
  return cursor.slice(0, index) + swapped + cursor.slice(index + 1);
}

describe('POST /server/devices and POST /devices/sync: pages and cursors', () => {
  let server: TestServer;
  let api: AppleApi;
  let other: AppleApi;

  before(async () => {
    server = await startTestServer();
    ({ api } = await serverWithDevices(server, 25));
    ({ api: other } = await serverWithDevices(server, 3));
  });
  after(() => server.close());

  it('answers a first fetch with devices, cursor, fetched_until and more_to_follow', async () => {
    const page = await api.fetchPage({ limit: 10 });
    assert.deepEqual(Object.keys(page).sort(), [
      'cursor',
      'devices',
      'fetched_until',
      'more_to_follow',
    ]);
    assert.equal(page.devices.length, 10);
    assert.equal(page.more_to_follow, true);
    assert.match(page.fetched_until, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (const device of page.devices) {
      assert.ok(!('op_type' in device) && !('op_date' in device));
      assert.equal(device.profile_status, 'empty');
    }
  });

  it('pages through every device once, with a new cursor each time', async () => {
    const cursors = new Set<string>();
    const serials: string[] = [];
    let page = await api.fetchPage({ limit: 7 });
    serials.push(...page.devices.map((d) => String(d.serial_number)));
    cursors.add(page.cursor);
    while (page.more_to_follow) {
      page = await api.fetchPage({ cursor: page.cursor, limit: 7 });
      assert.ok(!cursors.has(page.cursor), 'a cursor came back');
      cursors.add(page.cursor);
      serials.push(...page.devices.map((d) => String(d.serial_number)));
    }
    assert.equal(serials.length, 25);
    assert.equal(new Set(serials).size, 25);
    assert.equal(cursors.size, 4);
  });

  it('takes limit 0 or below as the default and cuts fractions; malformed otherwise', async () => {
    assert.equal((await api.fetchPage({ limit: 0 })).devices.length, 25);
    assert.equal((await api.fetchPage({ limit: -4 })).devices.length, 25);
    assert.equal((await api.fetchPage({ limit: 2.9 })).devices.length, 2);
    for (const body of [{ limit: '10' }, { cursor: 12 }, '[]', 'not json']) {
      const answer = await api.call('POST', '/server/devices', body);
      assert.deepEqual(errorOf(answer), [400, 'MALFORMED_REQUEST_BODY'], JSON.stringify(body));
    }
  });

  it('treats an empty body as a first fetch', async () => {
    const answer = await api.call('POST', '/server/devices', '');
    assert.equal(answer.status, 200);
    assert.equal(answer.json<DevicePageBody>().devices.length, 25);
  });

  it('EXHAUSTED_CURSOR for a finished fetch cursor on fetch; sync takes it', async () => {
    const { cursor } = await fetchAll(api);
    assert.deepEqual(errorOf(await api.call('POST', '/server/devices', { cursor })), [
      400,
      'EXHAUSTED_CURSOR',
    ]);
    const synced = await api.syncPage({ cursor });
    assert.deepEqual(synced.devices, []);
    assert.equal(synced.more_to_follow, false);
    assert.notEqual(synced.cursor, cursor);
    // A sync cursor descends from a finished fetch: fetch says so too.
    const again = await api.call('POST', '/server/devices', { cursor: synced.cursor });
    assert.deepEqual(errorOf(again), [400, 'EXHAUSTED_CURSOR']);
  });

  it("INVALID_CURSOR for an altered, forged, oversized or another server's cursor", async () => {
    const open = (await api.fetchPage({ limit: 5 })).cursor;
    const foreign = (await other.fetchPage({ limit: 1 })).cursor;
    const forged = Buffer.from('1:S:1700000000000:1700000000000:0:AAAA').toString('base64url');
    for (const cursor of [tampered(open), foreign, forged, `${open}A`, 'x'.repeat(1001)]) {
      for (const path of ['/server/devices', '/devices/sync']) {
        assert.deepEqual(errorOf(await api.call('POST', path, { cursor })), [
          400,
          'INVALID_CURSOR',
        ]);
      }
    }
  });

  it('CURSOR_REQUIRED for a sync without a cursor; malformed types first', async () => {
    for (const body of [{}, { cursor: '' }, { cursor: null }, { limit: 5 }, '']) {
      const answer = await api.call('POST', '/devices/sync', body);
      assert.deepEqual(errorOf(answer), [400, 'CURSOR_REQUIRED'], JSON.stringify(body));
    }
    for (const body of [{ cursor: 12 }, { cursor: 'x', limit: '5' }, 'nope']) {
      const answer = await api.call('POST', '/devices/sync', body);
      assert.deepEqual(errorOf(answer), [400, 'MALFORMED_REQUEST_BODY'], JSON.stringify(body));
    }
  });

  it('EXPIRED_CURSOR past 7 days, on sync and on an unfinished fetch', async () => {
    const { cursor } = await fetchAll(api);
    const open = (await api.fetchPage({ limit: 5 })).cursor;
    server.clock.advance(7 * DAY_MS);
    try {
      assert.equal((await api.call('POST', '/devices/sync', { cursor })).status, 200);
      server.clock.advance(1);
      assert.deepEqual(errorOf(await api.call('POST', '/devices/sync', { cursor })), [
        400,
        'EXPIRED_CURSOR',
      ]);
      assert.deepEqual(errorOf(await api.call('POST', '/server/devices', { cursor: open })), [
        400,
        'EXPIRED_CURSOR',
      ]);
    } finally {
      server.clock.advance(-(7 * DAY_MS + 1));
    }
  });

  it('keeps cursors valid across a restart (the secret lives in the database)', async () => {
    const first = await api.fetchPage({ limit: 20 });
    await server.restart();
    const rest = await api.fetchPage({ cursor: first.cursor, limit: 20 });
    assert.equal(rest.devices.length, 5);
    assert.equal(rest.more_to_follow, false);
  });

  it('answers 405 for other methods on these paths', async () => {
    const answer = await appleCall(server.url, undefined, 'GET', '/server/devices');
    assert.equal(answer.status, 405);
  });
});

describe('a device that arrives, leaves or changes during a fetch', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('is reported once: by fetch if there first, else by the sync after', async () => {
    const { mdm, api } = await serverWithDevices(server, 30);
    const elsewhere = await serverWithDevices(server, 2);
    const first = await api.fetchPage({ limit: 10 });
    const listed = first.devices.map((d) => String(d.serial_number));

    // During the fetch: one new device, one moved in, one moved out, one listed one moved out.
    const added = await server.admin('POST', '/devices', {
      server_uuid: mdm.server_uuid,
      devices: [{ serial_number: 'AAAAFETCH001' }],
    });
    assert.equal(added.status, 201);
    const incoming = await elsewhere.api.fetchPage();
    const movedIn = String(incoming.devices[0]?.serial_number);
    const rest = await fetchAll(api);
    const unlisted = rest.devices
      .map((d) => String(d.serial_number))
      .find((s) => !listed.includes(s));
    const leaving = String(unlisted);
    const moves = [
      { serials: [movedIn], server_uuid: mdm.server_uuid },
      { serials: [leaving, listed[0]], server_uuid: elsewhere.mdm.server_uuid },
    ];
    for (const move of moves) {
      assert.equal((await server.admin('POST', '/devices/move', move)).status, 200);
    }

    let page = await api.fetchPage({ cursor: first.cursor, limit: 10 });
    const fetched = [...listed, ...page.devices.map((d) => String(d.serial_number))];
    while (page.more_to_follow) {
      page = await api.fetchPage({ cursor: page.cursor, limit: 10 });
      fetched.push(...page.devices.map((d) => String(d.serial_number)));
    }
    const synced = await api.syncPage({ cursor: page.cursor });
    const ops = synced.devices.map((d) => `${String(d.op_type)} ${String(d.serial_number)}`);

    assert.ok(!fetched.includes('AAAAFETCH001') && !fetched.includes(movedIn));
    assert.ok(!fetched.includes(leaving), 'left before its page came');
    assert.equal(new Set(fetched).size, fetched.length);
    assert.equal(fetched.length, 29);
    assert.deepEqual(ops, [
      'added AAAAFETCH001',
      `added ${movedIn}`,
      `deleted ${leaving}`,
      `deleted ${String(listed[0])}`,
    ]);
  });

  it('shows a device changed mid-fetch as it is now, and the change again in sync', async () => {
    const { api } = await serverWithDevices(server, 4);
    const first = await api.fetchPage({ limit: 2 });
    const rest = await api.fetchPage({ cursor: first.cursor, limit: 2 });
    const later = String(rest.devices[0]?.serial_number);
    const profile = await api.ok<{ profile_uuid: string }>('POST', '/profile', {
      profile_name: 'Mid-fetch',
      url: 'https://mdm.example.com/enroll',
      devices: [later],
    });
    const last = await api.fetchPage({ cursor: first.cursor, limit: 2 });
    const shown = last.devices.find((d) => d.serial_number === later);
    assert.equal(shown?.profile_uuid, profile.profile_uuid);
    const synced = await api.syncPage({ cursor: last.cursor });
    assert.deepEqual(
      synced.devices.map((d) => [d.serial_number, d.op_type, d.profile_status]),
      [[later, 'modified', 'assigned']],
    );
  });
});
