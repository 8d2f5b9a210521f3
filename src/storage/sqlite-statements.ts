import type { Database as Connection, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Statements up to this long: the queries of every request. */
const SHORT_SQL = 2048;
const SHORT_KEPT = 256;
/**
 * Longer ones (multi-row inserts, long IN lists) each hold a large compiled program; a few
 * are kept, for the bulk writes that repeat (an assign's journal rows, its update).
 */
const LONG_KEPT = 8;

/** A least-recently-used map of prepared statements. */
class StatementLru {
  private readonly entries = new Map<string, Statement>();

  constructor(private readonly capacity: number) {}

  get(sql: string, prepare: (sql: string) => Statement): Statement {
    const cached = this.entries.get(sql);
    if (cached !== undefined) {
      this.entries.delete(sql);
      this.entries.set(sql, cached);
      return cached;
    }
    const statement = prepare(sql);
    this.entries.set(sql, statement);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return statement;
  }
}

/**
 * The connection as Kysely's SQLite driver sees it, with prepared statements kept by SQL
 * text. The driver prepares every query afresh, and preparing a statement costs about as
 * much as running a small one; opendep issues a few dozen distinct statements over and over.
 * Safe because the driver runs one query at a time on its single connection.
 */
export function withStatementCache(connection: Connection): SqliteDatabase {
  const short = new StatementLru(SHORT_KEPT);
  const long = new StatementLru(LONG_KEPT);
  const prepare = (sql: string): Statement => connection.prepare(sql);
  return {
    close: () => connection.close(),
    prepare: (sql: string) => (sql.length <= SHORT_SQL ? short : long).get(sql, prepare),
  };
}
