import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parsePostgresUrl } from '../src/storage/postgres.js';
import type { ServerToken } from '../src/token/server-token.js';
import { admin, ADMIN_TOKEN, benchSerials, newSession } from './dep-setup.js';
import { startOpendep, type BenchProcess } from './processes.js';
import { defineBenchProfile, type World } from './scenarios.js';

export type Backend = 'sqlite' | 'postgres';

/** A fresh, empty database for one server process, and how to get rid of it. */
interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

function freshDatabase(backend: Backend, pgUrl: string): BenchDatabase {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'opendep-bench-'));
    return {
      url: join(dir, 'bench.db'),
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const schema = `opendep_bench_${randomBytes(5).toString('hex')}`;
  const url = new URL(pgUrl);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client(parsePostgresUrl(pgUrl).connectionString);
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/** Whether PostgreSQL answers at `url`. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client(parsePostgresUrl(url).connectionString);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Adds `count` devices to the server through the control plane, in batches. */
async function addDevices(url: string, serverUuid: string, count: number): Promise<void> {
  const batch = 5000;
  for (let offset = 0; offset < count; offset += batch) {
    const serials = benchSerials(Math.min(batch, count - offset), offset);
    await admin(url, 'POST', '/devices', {
      server_uuid: serverUuid,
      devices: serials.map((serial_number) => ({ serial_number })),
    });
  }
}

export interface RunningWorld {
  world: World;
  process: BenchProcess;
  close(): Promise<void>;
}

/** Starts opendep on a fresh database and fills it: one MDM server with `devices`. */
export async function startWorld(
  backend: Backend,
  pgUrl: string,
  devices: number,
): Promise<RunningWorld> {
  const database = freshDatabase(backend, pgUrl);
  const server = await startOpendep(database.url, ADMIN_TOKEN, ['--session-ttl', '86400']);
  try {
    const created = await admin<{ server_uuid: string; token: ServerToken }>(
      server.url,
      'POST',
      '/servers',
      { server_name: 'Bench MDM' },
    );
    await addDevices(server.url, created.server_uuid, devices);
    const session = await newSession(server.url, created.token);
    const world: World = {
      url: server.url,
      token: created.token,
      serverUuid: created.server_uuid,
      session,
      profileUuid: await defineBenchProfile(server.url, session),
      deviceCount: devices,
    };
    return {
      world,
      process: server,
      async close() {
        await server.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await server.stop();
    await database.drop();
    throw error;
  }
}
