import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import { KyselyStorage } from './storage.js';

/** Opens (creating if needed) a SQLite database file, or `:memory:`, and migrates it. */
export async function openSqliteStorage(path: string): Promise<KyselyStorage> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const connection = new BetterSqlite3(path);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('foreign_keys = ON');

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  const storage = new KyselyStorage(db, 'sqlite', path);
  await storage.migrate();
  return storage;
}
