import type { Storage } from './storage.js';
import { openSqliteStorage } from './sqlite.js';

/** Whether a `--db` value names PostgreSQL rather than a SQLite file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/**
 * Picks the backend from the `--db` value: a PostgreSQL URL, or a SQLite path. The
 * PostgreSQL driver is loaded only when asked for, which keeps it off SQLite's cold start.
 */
export async function openStorage(db: string): Promise<Storage> {
  if (!isPostgresUrl(db)) return openSqliteStorage(db);
  const { openPostgresStorage } = await import('./postgres.js');
  return openPostgresStorage(db);
}
