import type { Database as Connection, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

const DEFAULT_CAPACITY = 256;

/**
 * The connection as Kysely's SQLite driver sees it, with prepared statements kept by SQL
 * text. The driver prepares every query afresh, and preparing a statement costs about as
 * much as running a small one; opendep issues a few dozen distinct statements over and over.
 * Bounded: the least recently used statement goes first (lists of serials make many shapes).
 * Safe because the driver runs one query at a time on its single connection.
 */
export function withStatementCache(
  connection: Connection,
  capacity = DEFAULT_CAPACITY,
): SqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    close: () => connection.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached !== undefined) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = connection.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > capacity) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      return statement;
    },
  };
}
