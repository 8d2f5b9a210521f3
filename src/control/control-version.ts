import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { ControlTables } from './control-tables.js';

/** The database as the control plane's stores see it: opendep's tables and theirs. */
export type ControlDb = Kysely<Database & ControlTables>;

export function controlDb(db: Kysely<Database>): ControlDb {
  return db.withTables<ControlTables>();
}

/**
 * Runs `work` and goes up one version, in one transaction: every instance sees the change
 * on its next request and reloads its cached copy.
 */
export async function changeControl(
  db: ControlDb,
  work: (db: ControlDb) => Promise<void>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await work(trx);
    await trx
      .updateTable('control_state')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', 1)
      .execute();
  });
}

export const nullableNumber = (value: number | null): number | null =>
  value === null ? null : Number(value);
