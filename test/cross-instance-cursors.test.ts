import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ServerToken } from '../src/token/server-token.js';
import type { DevicePageBody } from './helpers/device-api.js';
import { admin, newSession, startInstance, type Instance } from './helpers/instance-pair.js';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from './helpers/test-database.js';
import { appleCall } from './helpers/test-server.js';

const skip = testPostgresUrl() === undefined ? 'needs OPENDEP_TEST_DB=postgres://...' : false;
const SERIALS = Array.from({ length: 250 }, (_, n) => `XC${String(n).padStart(8, '0')}`);

/** Fetch and sync cursors handed out by one instance and honoured by the other. */
describe('cursors across two opendep serve processes on one PostgreSQL', { skip }, () => {
  let dir: string;
  let database: TestDatabase;
  let a: Instance;
  let b: Instance;
  let token: ServerToken;
  const sessions = new Map<Instance, string>();

  async function page(through: Instance, path: string, body: unknown): Promise<DevicePageBody> {
    const session = sessions.get(through) ?? (await newSession(through, token));
    sessions.set(through, session);
    const answer = await appleCall(through.url, session, 'POST', path, { body });
    assert.equal(answer.status, 200, answer.text);
    return answer.json<DevicePageBody>();
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opendep-pair-'));
    database = createTestDatabase(dir);
    [a, b] = await Promise.all([startInstance(database.url), startInstance(database.url)]);
    const created = await admin<{ server_uuid: string; token: ServerToken }>(
      a,
      'POST',
      '/servers',
      {
        server_name: 'Cursors',
      },
    );
    token = created.token;
    await admin(a, 'POST', '/devices', {
      server_uuid: created.server_uuid,
      devices: SERIALS.map((serial_number) => ({ serial_number })),
    });
  });
  after(async () => {
    await Promise.all([a, b].map((i) => i?.process.stop()));
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('continue a fetch on the other instance, page after page, without overlap', async () => {
    const listed: string[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 10; n += 1) {
      const through = n % 2 === 0 ? a : b;
      const body = cursor === undefined ? { limit: 60 } : { limit: 60, cursor };
      const answer = await page(through, '/server/devices', body);
      listed.push(...answer.devices.map((d) => String(d.serial_number)));
      cursor = answer.cursor;
      if (!answer.more_to_follow) break;
    }
    assert.deepEqual(listed, SERIALS);
  });

  it('sync from a cursor of the other instance, alike through both', async () => {
    const fetched = await page(a, '/server/devices', { limit: 1000 });
    assert.equal(fetched.more_to_follow, false);

    const profile = await appleCall(b.url, await newSession(b, token), 'POST', '/profile', {
      body: {
        profile_name: 'After fetch',
        url: 'https://mdm.example.com/enroll',
        devices: SERIALS.slice(0, 5),
      },
    });
    assert.equal(profile.status, 200);

    const viaA = await page(a, '/devices/sync', { cursor: fetched.cursor });
    const viaB = await page(b, '/devices/sync', { cursor: fetched.cursor });
    assert.deepEqual(
      viaA.devices.map((d) => d.serial_number),
      SERIALS.slice(0, 5),
    );
    assert.deepEqual(viaB.devices, viaA.devices);

    const onward = await page(b, '/devices/sync', { cursor: viaA.cursor });
    assert.deepEqual(onward.devices, []);
  });
});
