/**
 * The failures MDMs meet at Apple, each reproduced through the control plane, and the
 * client (src/client) coping with it: renewal, Retry-After backoff, loop detection, a
 * restart on an expired cursor.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DepClient } from '../src/client/dep-client.js';
import type { DevicePage } from '../src/client/device-pages.js';
import { CursorLoopError, DepError, isTokenRejected } from '../src/client/errors.js';
import {
  createMdmServer,
  startTestServer,
  USER_AGENT,
  type CreatedMdmServer,
  type TestServer,
} from './helpers/test-server.js';

const PROFILE = { profile_name: 'Reproduced', url: 'https://mdm.example.com/enroll' };
const DAY_MS = 86_400_000;

interface LogEntry {
  method: string;
  path: string;
  status: number;
  code: string | null;
}

describe('failures reproduced on demand, and the client coping', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;
  let client: DepClient;
  /** How far the control plane has moved the emulator's clock; the client follows it. */
  let offsetMs = 0;
  let sleeps: number[] = [];

  const serials = ['REPRO0000001', 'REPRO0000002', 'REPRO0000003'];

  before(async () => {
    server = await startTestServer({ seed: false, sessionTtlSeconds: 3600 });
    mdm = await createMdmServer(server, serials);
  });
  after(() => server.close());

  beforeEach(async () => {
    await server.admin('DELETE', '/faults');
    await server.admin('DELETE', '/account-states');
    await server.admin('DELETE', '/cursor-quirks');
    await server.admin('DELETE', '/device-outcomes');
    await server.admin('DELETE', '/log');
    sleeps = [];
    client = new DepClient({
      token: mdm.token,
      baseUrl: server.url,
      userAgent: USER_AGENT,
      retry: {
        retries: 3,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      },
      now: () => new Date(server.clock.now().getTime() + offsetMs),
    });
  });

  const log = async (path?: string): Promise<LogEntry[]> => {
    const query = path === undefined ? '' : `?path=${encodeURIComponent(path)}`;
    return (await server.admin<{ entries: LogEntry[] }>('GET', `/log${query}`)).body.entries;
  };
  const advanceClock = async (duration: string, ms: number): Promise<void> => {
    await server.admin('POST', '/clock', { advance: duration });
    offsetMs += ms;
  };

  it('a burst of 503s on profile upload: the client waits Retry-After and gets through', async () => {
    await server.admin('POST', '/faults', {
      method: 'POST',
      path: '/profile',
      status: 503,
      retry_after: 2,
      times: 3,
    });
    const defined = await client.defineProfile(PROFILE);
    assert.match(defined.profile_uuid, /^[0-9A-F]{32}$/);
    assert.deepEqual(sleeps, [2000, 2000, 2000]);
    assert.deepEqual(
      (await log('/profile')).map((e) => e.status),
      [503, 503, 503, 200],
    );
  });

  it('a burst longer than the client will wait: it gives up with the wait Apple asked', async () => {
    await server.admin('POST', '/faults', { path: '/profile', status: 503, retry_after: 5 });
    const error = await client.defineProfile(PROFILE).catch((e: unknown) => e);
    assert.ok(error instanceof DepError);
    assert.equal(error.status, 503);
    assert.equal(error.code, 'SERVICE_UNAVAILABLE');
    assert.equal(sleeps.length, 3);
  });

  it('terms and conditions not accepted: surfaced at once, no renewal loop', async () => {
    await client.startSession();
    await server.admin('PUT', '/account-states', {
      state: 'terms_not_accepted',
      server_uuid: mdm.server_uuid,
    });
    const error = await client.defineProfile(PROFILE).catch((e: unknown) => e);
    assert.ok(error instanceof DepError);
    assert.deepEqual([error.status, error.code], [403, 'T_C_NOT_SIGNED']);
    assert.equal((await log('/session')).length, 1, 'only the first session, no renewal');
    const fresh = new DepClient({ token: mdm.token, baseUrl: server.url, userAgent: USER_AGENT });
    const atSession = await fresh.startSession().catch((e: unknown) => e);
    assert.ok(atSession instanceof DepError && atSession.code === 'T_C_NOT_SIGNED');
  });

  it('a revoked server token: the client renews once, then reports the token rejected', async () => {
    await client.startSession();
    await server.admin('PUT', '/account-states', {
      state: 'token_revoked',
      server_uuid: mdm.server_uuid,
      variant: 'token_rejected',
    });
    const error = await client.getProfile('ANY').catch((e: unknown) => e);
    assert.ok(isTokenRejected(error), String(error));
    assert.deepEqual(
      (await log()).map((e) => [e.path, e.status]),
      [
        ['/session', 200],
        ['/profile', 403],
        ['/session', 401],
      ],
    );
  });

  it('all sessions of a server invalidated: the client renews and carries on', async () => {
    await client.startSession();
    await server.admin('POST', '/sessions/invalidate', { server_uuid: mdm.server_uuid });
    const defined = await client.defineProfile(PROFILE);
    assert.ok(defined.profile_uuid.length > 0);
    assert.deepEqual(
      (await log()).map((e) => [e.path, e.status]),
      [
        ['/session', 200],
        ['/profile', 403],
        ['/session', 200],
        ['/profile', 200],
      ],
    );
  });

  it('a new X-ADM-Auth-Session on a 401: the client adopts it instead of signing again', async () => {
    await client.startSession();
    await server.admin('POST', '/faults', {
      path: '/profile',
      status: 401,
      code: 'UNAUTHORIZED',
      new_session: true,
      times: 1,
    });
    await client.defineProfile(PROFILE);
    assert.deepEqual(
      (await log()).map((e) => [e.path, e.status]),
      [
        ['/session', 200],
        ['/profile', 401],
        ['/profile', 200],
      ],
    );
  });

  /** Every page of a device walk, and how it ended. */
  const walk = async (cursor?: string): Promise<{ pages: DevicePage[]; error?: unknown }> => {
    const pages: DevicePage[] = [];
    try {
      for await (const page of client.devicePages(cursor === undefined ? {} : { cursor })) {
        pages.push(page);
      }
      return { pages };
    } catch (error) {
      return { pages, error };
    }
  };

  it('the same cursor with more_to_follow forever: the client detects the loop', async () => {
    const first = await walk();
    assert.equal(first.error, undefined);
    const cursor = first.pages.at(-1)?.cursor;
    await server.admin('DELETE', '/log');
    await server.admin('POST', '/cursor-quirks', {
      server_uuid: mdm.server_uuid,
      endpoint: 'sync',
    });
    const stuck = await walk(cursor);
    assert.ok(stuck.error instanceof CursorLoopError, String(stuck.error));
    assert.equal(stuck.pages.at(-1)?.cursor, cursor);
    assert.deepEqual(
      (await log('/devices/sync')).map((e) => e.status),
      [200],
      'one look at the stuck page, no hammering',
    );
    await server.admin('DELETE', '/cursor-quirks');
    assert.equal((await walk(cursor)).error, undefined, 'fine again once the quirk is gone');
  });

  it('a cursor stuck for a few pages only: a patient client gets through', async () => {
    const first = await walk();
    const cursor = first.pages.at(-1)?.cursor ?? '';
    await server.admin('POST', '/cursor-quirks', { endpoint: 'sync', pages: 2 });
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await client.syncDevices({ cursor }));
    assert.deepEqual(
      answers.map((a) => a.more_to_follow),
      [true, true, false],
    );
    assert.ok(
      answers.slice(0, 2).every((a) => a.cursor === cursor),
      'the same cursor back',
    );
  });

  it('a cursor that expired over a long weekend: the client starts over with a fetch', async () => {
    const first = await walk();
    const cursor = first.pages.at(-1)?.cursor;
    await advanceClock('3d', 3 * DAY_MS);
    const monday = await walk(cursor);
    assert.equal(monday.error, undefined, 'three days old is fine');
    assert.ok(monday.pages.every((page) => page.phase === 'sync' && !page.restarted));
    await advanceClock('7d1h', 7 * DAY_MS + 3_600_000);
    const later = await walk(monday.pages.at(-1)?.cursor);
    assert.equal(later.error, undefined);
    assert.equal(later.pages[0]?.restarted, true, 'started over');
    assert.equal(later.pages[0]?.phase, 'fetch');
    const expired = (await log('/devices/sync')).find((e) => e.code === 'EXPIRED_CURSOR');
    assert.ok(expired !== undefined, 'the server said EXPIRED_CURSOR');
    const listed = new Set(later.pages.flatMap((page) => page.devices.map((d) => d.serial_number)));
    assert.deepEqual([...listed].sort(), serials);
    await server.admin('DELETE', '/clock');
    offsetMs = 0;
  });

  it('devices stuck FAILED and THROTTLED for a day: reported as such, fine the day after', async () => {
    const { profile_uuid: uuid } = await client.defineProfile(PROFILE);
    const [throttled, failed, fine] = serials as [string, string, string];
    await server.admin('POST', '/device-outcomes', {
      serials: [throttled],
      outcome: 'THROTTLED',
      duration: '1d',
      retry_after: 3600,
    });
    await server.admin('POST', '/device-outcomes', {
      serials: [failed],
      outcome: 'FAILED',
      duration: '1d',
    });
    const stuck = await client.assignProfile(uuid, serials);
    assert.deepEqual(stuck.devices, {
      [throttled]: 'THROTTLED',
      [failed]: 'FAILED',
      [fine]: 'SUCCESS',
    });
    assert.equal(stuck.retry_after_seconds, 3600);
    const again = await client.assignProfile(uuid, [throttled, failed]);
    assert.deepEqual(again.devices, { [throttled]: 'THROTTLED', [failed]: 'FAILED' });

    await advanceClock('1d1s', DAY_MS + 1000);
    const nextDay = await client.assignProfile(uuid, [throttled, failed]);
    assert.deepEqual(nextDay.devices, { [throttled]: 'SUCCESS', [failed]: 'SUCCESS' });
    assert.equal(nextDay.retry_after_seconds, undefined);
    await server.admin('DELETE', '/clock');
    offsetMs = 0;
  });

  it('moved devices arriving as modified + removed: an MDM that assigns on those too copes', async () => {
    const receiving = await createMdmServer(server);
    const theirs = new DepClient({
      token: receiving.token,
      baseUrl: server.url,
      userAgent: USER_AGENT,
    });
    const before = await theirs.syncDevices({
      cursor: (await theirs.fetchDevices({})).cursor,
    });
    assert.deepEqual(before.devices, []);
    await client.assignProfile((await client.defineProfile(PROFILE)).profile_uuid, serials);

    await server.admin('PATCH', '/settings', { apple_moves: true });
    const moved = serials[2] as string;
    await server.admin('POST', '/devices/move', {
      serials: [moved],
      server_uuid: receiving.server_uuid,
    });
    await server.admin('PATCH', '/settings', { apple_moves: false });

    const changes = await theirs.syncDevices({ cursor: before.cursor });
    const record = changes.devices.find((d) => d.serial_number === moved);
    assert.equal(record?.op_type, 'modified', 'not added');
    assert.equal(record?.profile_status, 'removed');

    // An MDM that assigns on `added` only would skip it; one that also takes `removed` does not.
    const needsProfile = changes.devices
      .filter((d) => d.op_type === 'added' || d.profile_status === 'removed')
      .map((d) => d.serial_number);
    const { profile_uuid: theirProfile } = await theirs.defineProfile(PROFILE);
    const assigned = await theirs.assignProfile(theirProfile, needsProfile);
    assert.deepEqual(assigned.devices, { [moved]: 'SUCCESS' });
    const left = await client.syncDevices({ cursor: (await client.fetchDevices({})).cursor });
    assert.ok(!left.devices.some((d) => d.serial_number === moved && d.op_type !== 'deleted'));
  });
});
