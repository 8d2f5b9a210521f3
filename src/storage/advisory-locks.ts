import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Lock classes, the first half of each two-part key ("odep", "odex" in ASCII). */
const WRITE_CLASS = 0x6f646570;
const EXCLUSIVE_CLASS = 0x6f646578;

/** FNV-1a of `text`, as the signed 32-bit integer an advisory key half must be. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash | 0;
}

/**
 * PostgreSQL advisory locks of one opendep database. Advisory locks are database-wide, so
 * the second half of each key is the schema's hash: opendeps in different schemas of one
 * database (every test server, for one) never wait for each other.
 */
export class AdvisoryLocks {
  private readonly space: number;

  constructor(schema: string) {
    this.space = hash32(schema);
  }

  /** The writers' lock, held by `trx` until it commits or rolls back. */
  async lockWrites(trx: Kysely<Database>): Promise<void> {
    const key = sql`${sql.lit(WRITE_CLASS)}, ${sql.lit(this.space)}`;
    await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
  }

  /** Runs `work` holding the exclusive lock on a connection of its own. */
  async exclusive<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<T> {
    const key = sql`${sql.lit(EXCLUSIVE_CLASS)}, ${sql.lit(this.space)}`;
    return db.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(${key})`.execute(connection);
      try {
        return await work();
      } finally {
        await sql`select pg_advisory_unlock(${key})`.execute(connection);
      }
    });
  }
}
