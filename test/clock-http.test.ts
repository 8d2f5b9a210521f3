import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../src/domain/clock.js';
import { resolveServeOptions } from '../src/serve/serve-options.js';
import { startServer } from '../src/serve/start.js';
import {
  ADMIN_TOKEN,
  appleCall,
  createMdmServer,
  requestSession,
  sessionFor,
  startTestServer,
  type CreatedMdmServer,
  type TestServer,
} from './helpers/test-server.js';
import { createTestDatabase } from './helpers/test-database.js';

interface ClockView {
  now: string;
  real_time: boolean;
  frozen: boolean;
  offset_seconds: number;
}

describe("the emulator's clock", () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;

  before(async () => {
    server = await startTestServer({ seed: false, sessionTtlSeconds: 600 });
    mdm = await createMdmServer(server);
  });
  after(() => server.close());

  const clock = (body?: Record<string, unknown>) =>
    body === undefined
      ? server.admin<ClockView>('GET', '/clock')
      : server.admin<ClockView>('POST', '/clock', body);

  it('runs in real time (the base clock) until moved', async () => {
    const view = (await clock()).body;
    assert.equal(view.real_time, true);
    assert.equal(view.offset_seconds, 0);
    assert.equal(Date.parse(view.now), Math.floor(server.clock.now().getTime() / 1000) * 1000);
  });

  it('advances by seconds or by a duration, and sessions expire by it', async () => {
    const session = await sessionFor(server.url, mdm.token);
    assert.equal((await clock({ advance: 599 })).body.offset_seconds, 599);
    assert.equal(
      (await appleCall(server.url, session, 'GET', '/profile?profile_uuid=A')).status,
      404,
    );
    assert.equal((await clock({ advance: '1s' })).body.offset_seconds, 600);
    const expired = await appleCall(server.url, session, 'GET', '/profile?profile_uuid=A');
    assert.deepEqual([expired.status, expired.text], [401, 'UNAUTHORIZED']);
    await server.admin('DELETE', '/clock');
  });

  it('takes OAuth timestamps near its time, and near real time', async () => {
    await clock({ advance: '1h' });
    const real = server.clock.now();
    const emulated = new Date(Date.parse((await clock()).body.now));
    assert.equal((await requestSession(server.url, mdm.token, { now: emulated })).status, 200);
    assert.equal((await requestSession(server.url, mdm.token, { now: real })).status, 200);
    const between = new Date(real.getTime() + 30 * 60_000);
    assert.equal((await requestSession(server.url, mdm.token, { now: between })).status, 401);
    await server.admin('DELETE', '/clock');
  });

  it('sets, freezes, resumes and resets', async () => {
    const set = await clock({ set: '2030-01-02T03:04:05Z', freeze: true });
    assert.equal(set.body.now, '2030-01-02T03:04:05Z');
    assert.equal(set.body.frozen, true);
    server.clock.advance(60_000);
    assert.equal((await clock()).body.now, '2030-01-02T03:04:05Z', 'frozen');
    assert.equal((await clock({ advance: '1d' })).body.now, '2030-01-03T03:04:05Z');
    const resumed = await clock({ resume: true });
    assert.equal(resumed.body.frozen, false);
    server.clock.advance(5_000);
    assert.equal((await clock()).body.now, '2030-01-03T03:04:10Z');
    assert.equal((await server.admin<ClockView>('DELETE', '/clock')).body.real_time, true);
  });

  it('rejects nonsense', async () => {
    assert.equal((await clock({ set: 'yesterday' })).status, 400);
    assert.equal((await clock({ advance: 'soon' })).status, 400);
    assert.equal((await clock({ freeze: true, resume: true })).status, 400);
  });

  it('is shared by every instance on the database, as are fault rules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opendep-pair-'));
    const database = createTestDatabase(dir);
    const base = {
      ...resolveServeOptions({}, {}),
      port: 0,
      db: database.url,
      adminToken: ADMIN_TOKEN,
      log: false as const,
      seed: false,
    };
    const first = await startServer(base, new ManualClock());
    // The second keeps the faults: its start must not reset what the first one set up.
    const second = await startServer({ ...base, keepFaults: true }, new ManualClock());
    const call = async (url: string, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${url}/_opendep${path}`, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
    };
    try {
      await call(first.url, 'POST', '/clock', { advance: '2d' });
      await call(first.url, 'POST', '/faults', { path: '/profile', status: 503 });
      assert.equal((await call(second.url, 'GET', '/clock')).offset_seconds, 2 * 86400);
      const rules = (await call(second.url, 'GET', '/faults')).rules as unknown[];
      assert.equal(rules.length, 1);

      // A counted rule counts across instances: `times: 1` fires once in all.
      await call(first.url, 'DELETE', '/faults');
      await call(second.url, 'POST', '/faults', { path: '/nowhere', status: 503, times: 1 });
      const statuses = [];
      for (const url of [first.url, second.url, first.url]) {
        statuses.push((await fetch(`${url}/nowhere`)).status);
      }
      assert.deepEqual(statuses, [503, 404, 404]);
    } finally {
      await second.close();
      await first.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
