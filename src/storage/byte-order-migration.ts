import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialectName } from './migrations.js';

/**
 * Text columns that opendep orders by or pages through, and the foreign keys that point at
 * them (a key and its reference keep one collation).
 */
const ORDERED_TEXT: ReadonlyArray<readonly [table: string, column: string]> = [
  ['meta', 'key'],
  ['organizations', 'org_id'],
  ['mdm_servers', 'org_id'],
  ['mdm_servers', 'server_uuid'],
  ['devices', 'org_id'],
  ['devices', 'serial_number'],
  ['profiles', 'profile_uuid'],
  ['activation_locks', 'serial_number'],
  ['profile_assignments', 'serial_number'],
];

/**
 * Migration 0004: on PostgreSQL, those columns compare byte by byte (`COLLATE "C"`), as
 * SQLite's BINARY collation always does. A database created with a locale collation
 * (en_US, ICU) would otherwise sort `_x` before `0A` and `a` before `B`: fetch pages, which
 * continue from the last serial served, would then depend on the database's locale, and
 * exports would differ between backends. Nothing to do on SQLite.
 */
export function byteOrderText(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'postgres') return;
      for (const [table, column] of ORDERED_TEXT) {
        await db.schema
          .alterTable(table)
          .alterColumn(column, (c) => c.setDataType(sql`text collate "C"`))
          .execute();
      }
    },
  };
}
