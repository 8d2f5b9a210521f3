import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppleApi, fetchAll, serverWithDevices } from './helpers/device-api.js';
import { startTestServer, type CreatedMdmServer, type TestServer } from './helpers/test-server.js';

type DeviceRecord = Record<string, unknown>;
interface Page {
  devices: DeviceRecord[];
  cursor: string;
  more_to_follow: boolean;
}

const DAY_MS = 24 * 3600 * 1000;
const LIMIT = 1000;

/**
 * An MDM's device loop as Apple's pages describe it: fetch with no cursor, then with each
 * cursor while more_to_follow; keep the cursor; EXHAUSTED_CURSOR on fetch means "sync with
 * it now"; INVALID_CURSOR or EXPIRED_CURSOR means "forget it and fetch from scratch".
 * Sync records are applied in order: added/modified replace the device, deleted drops it.
 */
class MdmLoop {
  cursor: string | undefined;
  phase: 'fetch' | 'sync' = 'fetch';
  readonly devices = new Map<string, DeviceRecord>();
  /** What each tick saw: pages, records, and any error code it recovered from. */
  log: string[] = [];

  constructor(private readonly api: AppleApi) {}

  async tick(): Promise<void> {
    this.log = [];
    if (this.phase === 'fetch') await this.fetchPhase();
    if (this.phase === 'sync') await this.syncPhase();
  }

  private async page(path: string): Promise<Page | string> {
    const body = { limit: LIMIT, ...(this.cursor === undefined ? {} : { cursor: this.cursor }) };
    const answer = await this.api.call('POST', path, body);
    if (answer.status === 200) return answer.json<Page>();
    assert.equal(answer.status, 400, answer.text);
    return answer.text;
  }

  private restart(code: string): void {
    this.log.push(code);
    this.cursor = undefined;
    this.phase = 'fetch';
    this.devices.clear();
  }

  private async fetchPhase(): Promise<void> {
    for (;;) {
      const page = await this.page('/server/devices');
      if (page === 'EXHAUSTED_CURSOR') {
        this.log.push(page);
        this.phase = 'sync';
        return;
      }
      if (typeof page === 'string') {
        this.restart(page);
        continue;
      }
      this.log.push(`fetch ${page.devices.length}`);
      for (const device of page.devices) {
        assert.equal(device.op_type, undefined);
        this.devices.set(String(device.serial_number), device);
      }
      this.cursor = page.cursor;
      if (!page.more_to_follow) return;
    }
  }

  private async syncPhase(): Promise<void> {
    for (;;) {
      const page = await this.page('/devices/sync');
      if (typeof page === 'string') {
        this.restart(page);
        return this.fetchPhase();
      }
      this.log.push(`sync ${page.devices.length}`);
      for (const record of page.devices) {
        const serial = String(record.serial_number);
        this.log.push(`${String(record.op_type)} ${serial} ${String(record.profile_status)}`);
        if (record.op_type === 'deleted') this.devices.delete(serial);
        else this.devices.set(serial, record);
      }
      this.cursor = page.cursor;
      if (!page.more_to_follow) return;
    }
  }

  /** serial -> profile state, the part of a device this test changes. */
  state(): Map<string, string> {
    return new Map(
      [...this.devices].map(([serial, d]) => [
        serial,
        `${String(d.profile_status)} ${String(d.profile_uuid)}`,
      ]),
    );
  }
}

async function truth(api: AppleApi): Promise<Map<string, string>> {
  const { devices } = await fetchAll(api, LIMIT);
  return new Map(
    devices.map((d) => [
      String(d.serial_number),
      `${String(d.profile_status)} ${String(d.profile_uuid)}`,
    ]),
  );
}

describe("an MDM sync loop written from Apple's documentation", () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;
  let api: AppleApi;
  let otherMdm: CreatedMdmServer;
  let otherApi: AppleApi;
  let loop: MdmLoop;

  before(async () => {
    server = await startTestServer();
    ({ mdm, api } = await serverWithDevices(server, 2500));
    ({ mdm: otherMdm, api: otherApi } = await serverWithDevices(server, 2));
    loop = new MdmLoop(api);
  });
  after(() => server.close());

  it('fetches 2,500 devices 1000 a page, then syncs on EXHAUSTED_CURSOR', async () => {
    await loop.tick();
    assert.deepEqual(loop.log, ['fetch 1000', 'fetch 1000', 'fetch 500']);
    assert.equal(loop.devices.size, 2500);
    await loop.tick();
    assert.deepEqual(loop.log, ['EXHAUSTED_CURSOR', 'sync 0']);
    assert.equal(loop.phase, 'sync');
  });

  it('sees assign, remove, activation, moves, disown as records, in order', async () => {
    const [a, b, c, d, e] = [...loop.devices.keys()] as [string, string, string, string, string];
    const incoming = String((await otherApi.fetchPage()).devices[0]?.serial_number);

    const profile = (
      await api.ok('POST', '/profile', {
        profile_name: 'Loop',
        url: 'https://mdm.example.com/enroll',
        devices: [a, b],
      })
    ).profile_uuid as string;
    await api.ok('DELETE', '/profile/devices', { devices: [b] });
    assert.equal((await server.admin('POST', `/devices/${a}/activate`)).status, 200);
    await server.admin('POST', '/devices/move', {
      serials: [c],
      server_uuid: otherMdm.server_uuid,
    });
    await server.admin('POST', '/devices/move', {
      serials: [incoming],
      server_uuid: mdm.server_uuid,
    });
    await api.ok('POST', '/devices/disown', { devices: [d] });
    await api.ok('POST', '/profile/devices', { profile_uuid: profile, devices: [e] });

    await loop.tick();
    assert.deepEqual(loop.log, [
      'sync 8',
      `modified ${a} assigned`,
      `modified ${b} assigned`,
      `modified ${b} removed`,
      `modified ${a} pushed`,
      `deleted ${c} undefined`,
      `added ${incoming} empty`,
      `deleted ${d} undefined`,
      `modified ${e} assigned`,
    ]);
    assert.deepEqual(loop.state(), await truth(api));
    assert.equal(loop.devices.get(b)?.profile_uuid, profile);
  });

  it('pages a long sync by the same limit', async () => {
    const added = await server.admin('POST', '/devices/generate', {
      server_uuid: mdm.server_uuid,
      count: 1200,
    });
    assert.equal(added.status, 201);
    await loop.tick();
    assert.deepEqual(
      loop.log.filter((line) => line.startsWith('sync')),
      ['sync 1000', 'sync 200'],
    );
    // 2,500 - moved out - disowned + moved in, then 1,200 more.
    assert.equal(loop.devices.size, 2499 + 1200);
    assert.deepEqual(loop.state(), await truth(api));
  });

  it('recovers from INVALID_CURSOR with a full fetch', async () => {
    loop.cursor = `${(loop.cursor ?? '').slice(0, -2)}AA`;
    const [first] = [...loop.devices.keys()] as [string];
    await api.ok('DELETE', '/profile/devices', { devices: [first] });
    await loop.tick();
    assert.deepEqual(loop.log, [
      'INVALID_CURSOR',
      'fetch 1000',
      'fetch 1000',
      'fetch 1000',
      'fetch 699',
    ]);
    assert.deepEqual(loop.state(), await truth(api));
    await loop.tick();
    assert.deepEqual(loop.log, ['EXHAUSTED_CURSOR', 'sync 0']);
  });

  it('recovers from EXPIRED_CURSOR after a week away, missing nothing', async () => {
    const [, second] = [...loop.devices.keys()] as [string, string];
    const profile = (
      await api.ok('POST', '/profile', { profile_name: 'Late', url: 'https://mdm.example.com/' })
    ).profile_uuid as string;
    await api.ok('POST', '/profile/devices', { profile_uuid: profile, devices: [second] });
    server.clock.advance(8 * DAY_MS);
    try {
      await loop.tick();
      assert.deepEqual(loop.log.slice(0, 2), ['EXPIRED_CURSOR', 'fetch 1000']);
      const state = loop.state();
      assert.equal(state.get(second), `assigned ${profile}`);
      assert.deepEqual(state, await truth(api));
    } finally {
      server.clock.advance(-8 * DAY_MS);
    }
  });
});
