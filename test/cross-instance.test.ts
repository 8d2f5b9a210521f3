import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { parsePostgresUrl } from '../src/storage/postgres.js';
import type { ServerToken } from '../src/token/server-token.js';
import {
  admin,
  newSession,
  publicSessionHeader,
  sessionThrough,
  startInstance,
  type Instance,
} from './helpers/instance-pair.js';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from './helpers/test-database.js';
import { appleCall } from './helpers/test-server.js';

const skip = testPostgresUrl() === undefined ? 'needs OPENDEP_TEST_DB=postgres://...' : false;
const SERIALS = Array.from({ length: 300 }, (_, n) => `XI${String(n).padStart(8, '0')}`);

interface JournalRow {
  /** int8, which a plain pg client hands over as a string. */
  seq: string;
  serial_number: string;
  op_type: string;
  record: string;
}

describe('two opendep serve processes on one PostgreSQL database', { skip }, () => {
  let dir: string;
  let database: TestDatabase;
  let a: Instance;
  let b: Instance;
  let token: ServerToken;
  let serverUuid: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opendep-pair-'));
    database = createTestDatabase(dir);
    // Both at once on an empty database: migrations and the first start race.
    [a, b] = await Promise.all([startInstance(database.url), startInstance(database.url)]);
    const created = await admin<{ server_uuid: string; token: ServerToken }>(
      a,
      'POST',
      '/servers',
      {
        server_name: 'Pair',
      },
    );
    token = created.token;
    serverUuid = created.server_uuid;
    await admin(b, 'POST', '/devices', {
      server_uuid: serverUuid,
      devices: SERIALS.map((serial_number) => ({ serial_number })),
    });
  });
  after(async () => {
    await Promise.all([a, b].map((i) => i?.process.stop()));
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('start together on an empty database and agree on the admin token', () => {
    assert.equal(a.adminToken, b.adminToken);
  });

  it('share MDM servers and devices made through either', async () => {
    const listed = await admin<{ servers: { server_uuid: string }[] }>(b, 'GET', '/servers');
    assert.deepEqual(
      listed.servers.map((server) => server.server_uuid),
      [serverUuid],
    );
    const devices = await admin<{ devices: unknown[] }>(a, 'GET', `/devices?limit=1000`);
    assert.equal(devices.devices.length, SERIALS.length);
  });

  it('accept a session made through the other instance', async () => {
    const session = await newSession(a, token);
    const answer = await appleCall(
      b.url,
      session,
      'GET',
      `/profile?profile_uuid=${'0'.repeat(32)}`,
    );
    assert.deepEqual([answer.status, answer.text], [404, 'NOT_FOUND']);
  });

  it('refuse a nonce replayed through the other instance', async () => {
    const header = publicSessionHeader(token);
    assert.equal((await sessionThrough(a, header)).status, 200);
    assert.deepEqual(await sessionThrough(b, header), { status: 401, text: 'UNAUTHORIZED' });
    assert.equal((await sessionThrough(b, publicSessionHeader(token))).status, 200);
  });

  it('read a profile defined through the other instance', async () => {
    const defined = await appleCall(a.url, await newSession(a, token), 'POST', '/profile', {
      body: { profile_name: 'Shared', url: 'https://mdm.example.com/enroll' },
    });
    const uuid = defined.json<{ profile_uuid: string }>().profile_uuid;
    const got = await appleCall(
      b.url,
      await newSession(b, token),
      'GET',
      `/profile?profile_uuid=${uuid}`,
    );
    assert.equal(got.status, 200);
    assert.equal(got.json<{ profile_name: string }>().profile_name, 'Shared');
  });

  it('end concurrent overlapping assigns in one state that the journal replays to', async () => {
    const sessions = [await newSession(a, token), await newSession(b, token)];
    const profiles: string[] = [];
    for (const [n, instance] of [a, b].entries()) {
      const defined = await appleCall(instance.url, sessions[n], 'POST', '/profile', {
        body: { profile_name: `Side ${n}`, url: 'https://mdm.example.com/enroll' },
      });
      profiles.push(defined.json<{ profile_uuid: string }>().profile_uuid);
    }
    const ranges = [SERIALS.slice(0, 200), SERIALS.slice(100, 300)];
    const calls = [a, b].flatMap((instance, n) =>
      Array.from({ length: 4 }, () =>
        appleCall(instance.url, sessions[n], 'POST', '/profile/devices', {
          body: { profile_uuid: profiles[n], devices: ranges[n] },
        }),
      ),
    );
    for (const answer of await Promise.all(calls)) assert.equal(answer.status, 200);

    const client = new pg.Client(parsePostgresUrl(database.url).connectionString);
    await client.connect();
    try {
      const journal = await client.query<JournalRow>(
        'select seq, serial_number, op_type, record from device_events order by seq',
      );
      const replayed = new Map<string, string | undefined>();
      for (const row of journal.rows) {
        const record = JSON.parse(row.record) as { profile_uuid?: string };
        replayed.set(row.serial_number, record.profile_uuid);
      }
      const state = await client.query<{ serial_number: string; profile_uuid: string | null }>(
        'select serial_number, profile_uuid from devices',
      );
      for (const row of state.rows) {
        assert.equal(replayed.get(row.serial_number), row.profile_uuid ?? undefined);
      }
      // Each assign's records sit together: writers take turns, one whole call at a time.
      const assigns = journal.rows.filter((row) => row.op_type === 'modified');
      assert.equal(assigns.length, 8 * 200);
      for (let start = 0; start < assigns.length; start += 200) {
        const batch = assigns.slice(start, start + 200);
        const uuids = new Set(
          batch.map((row) => (JSON.parse(row.record) as { profile_uuid: string }).profile_uuid),
        );
        assert.equal(uuids.size, 1);
      }
      const seqs = journal.rows.map((row) => Number(row.seq));
      assert.ok(seqs.every((seq, n) => n === 0 || seq > (seqs[n - 1] as number)));
    } finally {
      await client.end();
    }
  });

  it('keep nothing in one instance that the other needs', async () => {
    const session = await newSession(a, token);
    await a.process.stop();
    const answer = await appleCall(
      b.url,
      session,
      'GET',
      `/profile?profile_uuid=${'0'.repeat(32)}`,
    );
    assert.deepEqual([answer.status, answer.text], [404, 'NOT_FOUND']);
    a = await startInstance(database.url);
    assert.equal(a.adminToken, b.adminToken);
    const again = await appleCall(a.url, session, 'GET', `/profile?profile_uuid=${'0'.repeat(32)}`);
    assert.equal(again.status, 404);
  });
});
