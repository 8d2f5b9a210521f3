import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CATALOG, FAMILY_OS } from '../domain/device-catalog.js';
import type { NewDevice } from '../domain/new-device.js';
import type { MdmServer } from '../storage/repository.js';
import { addDevices, createServer, ensureOrganization, tokenOf } from './admin-service.js';
import type { ServiceContext } from './context.js';

const SEED_SERVER_KEY = 'seed_server_uuid';
export const SEED_SERVER_NAME = 'Example MDM Server';

/** Ten devices of mixed families, the same serials on every fresh database. */
export function seedDevices(): NewDevice[] {
  const picks = [0, 1, 2, 3, 4, 6, 7, 8, 9, 10];
  return picks.map((catalogIndex, n) => {
    const entry = CATALOG[catalogIndex] ?? CATALOG[0];
    if (entry === undefined) throw new Error('device catalog is empty');
    return {
      serial_number: `OPDEP${String(n + 1).padStart(7, '0')}`,
      model: entry.model,
      description: entry.description,
      color: entry.colors[n % entry.colors.length] ?? 'SILVER',
      asset_tag: n % 3 === 0 ? `ASSET-${1000 + n}` : null,
      os: FAMILY_OS[entry.family],
      device_family: entry.family,
    };
  });
}

/**
 * On an empty database: the example organization, one MDM server and ten devices assigned
 * to it. Returns the seeded server (also on later starts), or undefined when none.
 */
export async function seedIfEmpty(ctx: ServiceContext): Promise<MdmServer | undefined> {
  const known = await ctx.storage.repo.getMeta(SEED_SERVER_KEY);
  if (known !== undefined) return ctx.storage.repo.getServer(known);
  if ((await ctx.storage.repo.listServers()).length > 0) return undefined;

  await ensureOrganization(ctx);
  const { server } = await createServer(ctx, SEED_SERVER_NAME);
  await addDevices(ctx, server.server_uuid, seedDevices());
  await ctx.storage.repo.setMeta(SEED_SERVER_KEY, server.server_uuid);
  return server;
}

/** Writes the server's token JSON (the decrypted `.p7m` content) where an MDM can read it. */
export function writeTokenFile(path: string, server: MdmServer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(tokenOf(server), null, 2)}\n`, { mode: 0o600 });
}
