import type { ServerToken } from '../src/token/server-token.js';
import { freshDatabase, type Backend } from './databases.js';
import { admin, ADMIN_TOKEN, appleCall, newSession } from './dep-setup.js';
import { startOpendep, type BenchProcess } from './processes.js';
import { defineBenchProfile, type World } from './scenarios.js';

// Long sessions, and no assignment throttle: the benchmark assigns the same devices often.
const SERVE_FLAGS = ['--session-ttl', '86400', '--assign-throttle-count', '0'];

/** Generates `count` devices on the server, at most 100,000 a control-plane request. */
async function generateDevices(url: string, serverUuid: string, count: number): Promise<void> {
  for (let done = 0; done < count; done += 100_000) {
    const batch = Math.min(100_000, count - done);
    await admin(url, 'POST', '/devices/generate', { server_uuid: serverUuid, count: batch });
  }
}

/** A session, a profile and the first fetch page: what the scenarios start from. */
async function prepareWorld(
  url: string,
  token: ServerToken,
  serverUuid: string,
  deviceCount: number,
): Promise<World> {
  const session = await newSession(url, token);
  const first = await appleCall<{ devices: { serial_number: string }[]; cursor: string }>(
    url,
    session,
    'POST',
    '/server/devices',
    { limit: 1000 },
  );
  return {
    url,
    token,
    serverUuid,
    session,
    profileUuid: await defineBenchProfile(url, session),
    deviceCount,
    serials: first.devices.map((device) => device.serial_number),
    fetchCursor: first.cursor,
  };
}

export interface RunningWorld {
  world: World;
  /** The process that filled the database (started on the empty one). */
  filler: BenchProcess;
  /** The process the scenarios run against: a new one on the filled database. */
  serving: BenchProcess;
  close(): Promise<void>;
}

/**
 * A fresh database with one MDM server and `devices` generated devices. One process fills
 * it; a second, started on the filled database, serves the scenarios, so its peak RSS and
 * cold start are those of a server holding that many devices, apart from the filling.
 */
export async function startWorld(
  backend: Backend,
  pgUrl: string,
  devices: number,
): Promise<RunningWorld> {
  const database = freshDatabase(backend, pgUrl);
  const processes: BenchProcess[] = [];
  try {
    const filler = await startOpendep(database.url, ADMIN_TOKEN, SERVE_FLAGS);
    processes.push(filler);
    const created = await admin<{ server_uuid: string; token: ServerToken }>(
      filler.url,
      'POST',
      '/servers',
      { server_name: 'Bench MDM' },
    );
    await generateDevices(filler.url, created.server_uuid, devices);
    await filler.stop();

    const serving = await startOpendep(database.url, ADMIN_TOKEN, SERVE_FLAGS);
    processes.push(serving);
    const world = await prepareWorld(serving.url, created.token, created.server_uuid, devices);
    return {
      world,
      filler,
      serving,
      async close() {
        await serving.stop();
        await database.drop();
      },
    };
  } catch (error) {
    for (const started of processes) await started.stop();
    await database.drop();
    throw error;
  }
}
