import { generateDeviceSpec } from '../domain/device-generator.js';
import { arrivingDevices } from '../domain/device-lifecycle.js';
import type { DeviceSpec } from '../domain/device.js';
import type { Random } from '../domain/serial-formats.js';
import type { Repository } from '../storage/repository.js';
import { AdminError, DEFAULT_ADMIN_ID, ensureOrganization } from './admin-service.js';
import type { ServiceContext } from './context.js';
import { insertArrivingDevices } from './journal.js';

/**
 * The most devices one control-plane request may generate; for more, call again (the
 * `opendep devices generate` command does, in batches).
 */
export const MAX_GENERATE_COUNT = 100_000;
/** Devices written per transaction: big enough to be fast, small enough to let others in. */
const BATCH = 2_500;

export interface GenerateResult {
  server_uuid: string | null;
  count: number;
  /** A few of the new serial numbers, to try the API with. */
  sample: string[];
}

/** `count` distinct plausible specs whose serials no device has yet. */
async function freshSpecs(
  repo: Repository,
  count: number,
  random: Random,
  now: number,
): Promise<DeviceSpec[]> {
  const specs = new Map<string, DeviceSpec>();
  while (specs.size < count) {
    const batch: DeviceSpec[] = [];
    while (specs.size + batch.length < count) {
      const spec = generateDeviceSpec(random, now);
      if (!specs.has(spec.serial_number)) batch.push(spec);
    }
    const taken = await repo.devices.existingSerials(batch.map((spec) => spec.serial_number));
    for (const spec of batch) {
      if (!taken.has(spec.serial_number)) specs.set(spec.serial_number, spec);
    }
  }
  // In serial order, the inserts walk the serial indexes instead of jumping around them:
  // 2-3 times faster at a million devices.
  return [...specs.values()].sort((a, b) => (a.serial_number < b.serial_number ? -1 : 1));
}

/**
 * Generates `count` realistic devices on `serverUuid` (or on none), journaled as `added`,
 * in transactions of up to 10,000 devices each, yielding to the event loop between them so
 * other requests are answered meanwhile.
 */
export async function generateDevices(
  ctx: ServiceContext,
  serverUuid: string | null,
  count: unknown,
  random: Random = Math.random,
): Promise<GenerateResult> {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw new AdminError(400, 'count must be a whole number of at least 1');
  }
  if (count > MAX_GENERATE_COUNT) {
    throw new AdminError(
      400,
      `count must be at most ${MAX_GENERATE_COUNT} per request: call again for more, or use ` +
        '`opendep devices generate`, which batches',
    );
  }
  if (serverUuid !== null && (await ctx.storage.repo.getServer(serverUuid)) === undefined) {
    throw new AdminError(404, `no MDM server ${serverUuid}`);
  }
  const org = await ensureOrganization(ctx);

  const sample: string[] = [];
  for (let done = 0; done < count; done += BATCH) {
    // Let other requests in between transactions: better-sqlite3 works synchronously.
    if (done > 0) await new Promise(setImmediate);
    const size = Math.min(BATCH, count - done);
    const now = ctx.clock.now().getTime();
    await ctx.storage.transaction(async (repo) => {
      const specs = await freshSpecs(repo, size, random, now);
      const arrival = { orgId: org.org_id, serverUuid, now, assignedBy: DEFAULT_ADMIN_ID };
      await insertArrivingDevices(repo, arrivingDevices(specs, arrival), now);
      for (const spec of specs.slice(0, 5 - sample.length)) sample.push(spec.serial_number);
    });
  }
  // Fresh planner statistics, or PostgreSQL pages through a grown table as if it were tiny.
  await ctx.storage.refreshStatistics(['devices', 'device_events']);
  return { server_uuid: serverUuid, count, sample };
}
