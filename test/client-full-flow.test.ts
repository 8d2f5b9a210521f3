import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DepClient,
  isDepError,
  type DepLogEvent,
  type Device,
  type DevicePage,
  type DevicePagesOptions,
} from '../src/client/index.js';
import {
  createMdmServer,
  startTestServer,
  type CreatedMdmServer,
  type TestServer,
} from './helpers/test-server.js';

const SERIALS = ['FULL00000001', 'FULL00000002', 'FULL00000003', 'FULL00000004', 'FULL00000005'];
const SESSION_TTL_SECONDS = 120;

async function collect(client: DepClient, options: DevicePagesOptions): Promise<DevicePage[]> {
  const pages: DevicePage[] = [];
  for await (const page of client.devicePages(options)) pages.push(page);
  return pages;
}

const serialsOf = (pages: DevicePage[], phase?: string): string[] =>
  pages
    .filter((page) => phase === undefined || page.phase === phase)
    .flatMap((page) => page.devices.map((device: Device) => device.serial_number));

describe('the complete flow through DepClient, against the emulator', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;

  before(async () => {
    server = await startTestServer({ sessionTtlSeconds: SESSION_TTL_SECONDS });
    mdm = await createMdmServer(server, SERIALS);
  });
  after(() => server.close());

  function clientWith(events: DepLogEvent[] = []): DepClient {
    return new DepClient({
      token: mdm.token,
      baseUrl: server.url,
      userAgent: 'opendep-tests/1.0',
      logger: (event) => events.push(event),
      // OAuth timestamps must stay within 5 minutes of the server's clock, which tests move.
      now: () => server.clock.now(),
    });
  }

  it('session, account, fetch to sync, define, assign, remove', async () => {
    const events: DepLogEvent[] = [];
    const client = clientWith(events);

    const session = await client.startSession();
    assert.ok(session.length > 0);

    const account = await client.getAccount();
    assert.equal(account.server_uuid, mdm.server_uuid);
    assert.equal(account.server_name, mdm.server_name);
    assert.ok(account.org_id !== undefined, 'v3+ fields at protocol version 10');

    const first = await collect(client, { limit: 2 });
    assert.deepEqual(
      first.map((page) => [page.phase, page.devices.length, page.moreToFollow]),
      [
        ['fetch', 2, true],
        ['fetch', 2, true],
        ['fetch', 1, false],
        ['sync', 0, false],
      ],
    );
    assert.deepEqual(serialsOf(first).sort(), SERIALS);
    const lastFetchCursor = first[2]?.cursor ?? '';
    const syncCursor = first.at(-1)?.cursor ?? '';

    const later = ['FULL00000006', 'FULL00000007'];
    const added = await server.admin('POST', '/devices', {
      server_uuid: mdm.server_uuid,
      devices: later.map((serial_number) => ({ serial_number })),
    });
    assert.equal(added.status, 201);

    const synced = await collect(client, { cursor: syncCursor, phase: 'sync' });
    assert.ok(synced.every((page) => page.phase === 'sync'));
    const addedRecords = synced.flatMap((page) => page.devices);
    assert.deepEqual(addedRecords.map((d) => d.serial_number).sort(), later);
    assert.ok(addedRecords.every((d) => d.op_type === 'added'));

    // A finished fetch cursor, given back without its phase: EXHAUSTED_CURSOR, then sync.
    const resumed = await collect(client, { cursor: lastFetchCursor });
    assert.ok(resumed.length > 0 && resumed.every((page) => page.phase === 'sync'));
    assert.deepEqual([...new Set(serialsOf(resumed))].sort(), later);
    assert.ok(events.some((e) => e.event === 'cursor' && e.action === 'switch-to-sync'));

    const [one, two, three] = SERIALS;
    const defined = await client.defineProfile({
      profile_name: 'Full flow',
      url: 'https://mdm.example.com/enroll',
      is_supervised: true,
      devices: [one ?? ''],
    });
    assert.deepEqual(defined.devices, { [one ?? '']: 'SUCCESS' });

    const assigned = await client.assignProfile(defined.profile_uuid, [two ?? '', three ?? '']);
    assert.deepEqual(Object.values(assigned.devices), ['SUCCESS', 'SUCCESS']);

    const details = await client.getDeviceDetails([one ?? '', two ?? '', 'NOTMINE00001']);
    assert.equal(details.devices[one ?? '']?.profile_uuid, defined.profile_uuid);
    assert.equal(details.devices[two ?? '']?.profile_status, 'assigned');
    assert.equal(details.devices.NOTMINE00001?.response_status, 'NOT_ACCESSIBLE');

    const removed = await client.removeProfile([one ?? '', two ?? '', three ?? '']);
    assert.deepEqual(Object.values(removed.devices), ['SUCCESS', 'SUCCESS', 'SUCCESS']);
    const after = await client.getDeviceDetails([one ?? '']);
    assert.equal(after.devices[one ?? '']?.profile_status, 'removed');
  });

  it('renews an expired session in the middle of a device walk', async () => {
    const events: DepLogEvent[] = [];
    const client = clientWith(events);
    const pages: DevicePage[] = [];
    for await (const page of client.devicePages({ limit: 2, syncAfterFetch: false })) {
      pages.push(page);
      server.clock.advance((SESSION_TTL_SECONDS + 1) * 1000);
    }
    assert.ok(pages.length >= 3);
    const renewals = events.filter((e) => e.event === 'session' && e.reason === 'renewal');
    assert.equal(renewals.length, pages.length - 1);
    assert.ok(serialsOf(pages).length >= SERIALS.length);
  });

  it('disown, activation lock and replacement details', async () => {
    const client = clientWith();
    const target = 'FULL00000005';

    const lock = await client.activationLock({ device: target, lost_message: 'Call 555-0100' });
    assert.equal(lock.serial_number, target);
    assert.ok(
      [
        'SUCCESS',
        'NOT_ACCESSIBLE',
        'ORG_NOT_SUPPORTED',
        'DEVICE_NOT_SUPPORTED',
        'DEVICE_ALREADY_LOCKED',
        'FAILED',
      ].includes(lock.response_status),
    );

    await assert.rejects(client.getReplacementDetails(target), (error: unknown) =>
      isDepError(error, 'DEVICE_NOT_FOUND'),
    );

    const disowned = await client.disownDevices([target, 'NOTMINE00001']);
    assert.deepEqual(disowned.devices, { [target]: 'SUCCESS', NOTMINE00001: 'NOT_ACCESSIBLE' });
    const gone = await client.getDeviceDetails([target]);
    assert.equal(gone.devices[target]?.response_status, 'NOT_ACCESSIBLE');
  });
});
