import type { Storage } from './storage.js';
import { openSqliteStorage } from './sqlite.js';

/** Picks the backend from the `--db` value: a PostgreSQL URL, or a SQLite path. */
export async function openStorage(db: string): Promise<Storage> {
  if (/^postgres(ql)?:\/\//.test(db)) {
    throw new Error('PostgreSQL support is not built yet; use a SQLite path');
  }
  return openSqliteStorage(db);
}
