import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chunk } from '../src/client/chunking.js';
import { DepClient, type AssignProfileResponse } from '../src/client/index.js';
import {
  startStub,
  stubToken,
  withSessions,
  type StubReply,
  type StubServer,
} from './helpers/stub-server.js';
import {
  createMdmServer,
  startTestServer,
  type CreatedMdmServer,
  type TestServer,
} from './helpers/test-server.js';

const serials = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(8, '0')}`);

/** A fetch that counts requests per `METHOD path`. */
function countingFetch(counts: Map<string, number>): typeof fetch {
  return async (input, init) => {
    const key = `${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return fetch(input, init);
  };
}

describe('chunk', () => {
  it('cuts at the size and keeps an empty list as one empty request', () => {
    assert.deepEqual(chunk([], 1000), [[]]);
    assert.deepEqual(
      chunk(serials('X', 2500), 1000).map((part) => part.length),
      [1000, 1000, 500],
    );
    assert.deepEqual(
      chunk(serials('X', 2000), 1000).map((part) => part.length),
      [1000, 1000],
    );
    assert.throws(() => chunk(['A'], 0), RangeError);
  });
});

describe('assign and remove 2,500 serials against the emulator', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;
  const mine = serials('CHNK', 2490);
  const strangers = serials('ELSE', 10);

  before(async () => {
    server = await startTestServer();
    mdm = await createMdmServer(server, mine);
  });
  after(() => server.close());

  it('sends three requests each way and merges the answers into one', async () => {
    const counts = new Map<string, number>();
    const client = new DepClient({
      token: mdm.token,
      baseUrl: server.url,
      fetch: countingFetch(counts),
    });
    const { profile_uuid } = await client.defineProfile({
      profile_name: 'Chunks',
      url: 'https://mdm.example.com/enroll',
    });

    const assigned = await client.assignProfile(profile_uuid, [...mine, ...strangers]);
    assert.equal(counts.get('POST /profile/devices'), 3);
    assert.equal(assigned.profile_uuid, profile_uuid);
    const statuses = Object.values(assigned.devices);
    assert.equal(statuses.length, 2500);
    assert.equal(statuses.filter((s) => s === 'SUCCESS').length, 2490);
    assert.deepEqual(
      strangers.map((serial) => assigned.devices[serial]),
      strangers.map(() => 'NOT_ACCESSIBLE'),
    );

    const removed = await client.removeProfile([...mine, ...strangers]);
    assert.equal(counts.get('DELETE /profile/devices'), 3);
    assert.equal(Object.keys(removed.devices).length, 2500);
    assert.equal(removed.devices[mine[2489] ?? ''], 'SUCCESS');
  });

  it('honours a smaller chunkSize', async () => {
    const counts = new Map<string, number>();
    const client = new DepClient({
      token: mdm.token,
      baseUrl: server.url,
      fetch: countingFetch(counts),
      chunkSize: 500,
    });
    await client.removeProfile(mine.slice(0, 1200));
    assert.equal(counts.get('DELETE /profile/devices'), 3);
  });
});

describe('merging chunked answers (scripted server)', () => {
  let stub: StubServer;
  let calls: Record<string, string[]>[];

  before(async () => {
    calls = [];
    const waits: (number | string | undefined)[] = [30, 300, 1.5];
    stub = await startStub(
      withSessions((request): StubReply => {
        const { devices } = JSON.parse(request.body) as { devices: string[] };
        calls.push({ [request.path]: devices });
        if (request.path === '/profile/devices') {
          const wait = waits.shift();
          const map = Object.fromEntries(
            devices.map((s, i) => [s, i === 0 ? 'THROTTLED' : 'SUCCESS']),
          );
          return {
            body: {
              profile_uuid: 'P',
              devices: map,
              ...(wait === undefined ? {} : { retry_after_seconds: wait }),
            },
          };
        }
        if (request.path === '/devices') {
          const map = Object.fromEntries(
            devices.map((s) => [s, { serial_number: s, response_status: 'SUCCESS' }]),
          );
          return { body: { devices: map } };
        }
        return { body: { devices: Object.fromEntries(devices.map((s) => [s, 'SUCCESS'])) } };
      }),
    );
  });
  after(() => stub.close());

  it('keeps the longest retry_after_seconds of all chunks, dropping non-integers', async () => {
    const client = new DepClient({ token: stubToken(), baseUrl: stub.url });
    const answer: AssignProfileResponse = await client.assignProfile('P', serials('T', 2500));
    assert.equal(answer.retry_after_seconds, 300);
    assert.equal(Object.keys(answer.devices).length, 2500);
    assert.equal(Object.values(answer.devices).filter((s) => s === 'THROTTLED').length, 3);
  });

  it('chunks details and disown, and merges their maps', async () => {
    calls.length = 0;
    const client = new DepClient({ token: stubToken(), baseUrl: stub.url });
    const details = await client.getDeviceDetails(serials('D', 2500));
    const disowned = await client.disownDevices(serials('O', 2001));
    assert.deepEqual(
      calls.map((call) => Object.entries(call).map(([path, list]) => `${path} ${list.length}`)[0]),
      [
        '/devices 1000',
        '/devices 1000',
        '/devices 500',
        '/devices/disown 1000',
        '/devices/disown 1000',
        '/devices/disown 1',
      ],
    );
    assert.equal(Object.keys(details.devices).length, 2500);
    assert.equal(details.devices.D00002499?.response_status, 'SUCCESS');
    assert.equal(Object.keys(disowned.devices ?? {}).length, 2001);
  });

  it('sends an empty list as one request, for the server to refuse', async () => {
    calls.length = 0;
    const client = new DepClient({ token: stubToken(), baseUrl: stub.url });
    await client.removeProfile([]);
    assert.deepEqual(calls, [{ '/profile/devices': [] }]);
  });
});
