import { formatAppleDate } from '../domain/clock.js';
import { AdminError, tokenOf } from '../services/admin-service.js';
import { seedIfEmpty, writeTokenFile } from '../services/seed.js';
import type { ServerToken } from '../token/server-token.js';
import type { ControlPlane } from './control-plane.js';
import {
  SNAPSHOT_TABLES,
  type SnapshotRow,
  type SnapshotSection,
  type SnapshotTables,
} from './snapshot-store.js';
import { snapshotProblem } from './snapshot-validation.js';

export const SNAPSHOT_FORMAT = 1;

function isFlatRow(row: unknown): row is SnapshotRow {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return false;
  return Object.values(row).every(
    (value) => value === null || ['string', 'number', 'boolean'].includes(typeof value),
  );
}

export interface Snapshot {
  opendep_snapshot: typeof SNAPSHOT_FORMAT;
  exported_at: string;
  tables: SnapshotTables;
}

/** The whole state (not sessions, not the control plane's faults) as one JSON document. */
export async function exportState(plane: ControlPlane): Promise<Snapshot> {
  return {
    opendep_snapshot: SNAPSHOT_FORMAT,
    exported_at: formatAppleDate(plane.clock.now()),
    tables: await plane.ctx.storage.snapshots.exportTables(),
  };
}

/** Replaces the state with `snapshot`'s, in one transaction; sessions are dropped. */
export async function importState(
  plane: ControlPlane,
  snapshot: { tables: Partial<Record<SnapshotSection, SnapshotRow[]>> },
): Promise<void> {
  const tables = {} as SnapshotTables;
  for (const section of Object.keys(SNAPSHOT_TABLES) as SnapshotSection[]) {
    const rows = snapshot.tables[section] ?? [];
    if (!rows.every(isFlatRow)) {
      throw new AdminError(
        400,
        `tables.${section}: every value must be a string, number, boolean or null`,
      );
    }
    tables[section] = rows;
  }
  // Checked before the transaction: a row the Apple endpoints cannot read is refused whole.
  const problem = snapshotProblem(tables);
  if (problem !== undefined)
    throw new AdminError(400, `the snapshot is not importable: ${problem}`);
  try {
    await plane.ctx.storage.snapshots.replace(tables);
  } catch (error) {
    throw new AdminError(400, `the snapshot does not fit the database: ${String(error)}`);
  }
}

export interface ResetResult {
  to: 'empty' | 'seed';
  /** The seeded server and its token, after a reset to the seed. */
  server_uuid?: string;
  token?: ServerToken;
}

/**
 * Empties the state, and with `seed` seeds it again as a first start would: a new
 * organization, MDM server (new credentials, written to the token file) and ten devices.
 */
export async function resetState(plane: ControlPlane, to: 'empty' | 'seed'): Promise<ResetResult> {
  await plane.ctx.storage.snapshots.replace(undefined);
  if (to === 'empty') return { to };
  const server = await seedIfEmpty(plane.ctx);
  if (server === undefined) return { to };
  if (plane.options.tokenFile !== undefined) writeTokenFile(plane.options.tokenFile, server);
  return { to, server_uuid: server.server_uuid, token: tokenOf(server) };
}
