import { sql, type Insertable, type Kysely } from 'kysely';
import type { SqlDialectName } from '../storage/migrations.js';
import type { Database } from '../storage/schema.js';

/** The tables a snapshot carries, by the name the snapshot gives them; parents first. */
export const SNAPSHOT_TABLES = {
  organizations: 'organizations',
  servers: 'mdm_servers',
  devices: 'devices',
  profiles: 'profiles',
  journal: 'device_events',
  activation_locks: 'activation_locks',
  assignment_history: 'profile_assignments',
  meta: 'meta',
} as const satisfies Record<string, keyof Database>;

export type SnapshotSection = keyof typeof SNAPSHOT_TABLES;
export type SnapshotRow = Record<string, string | number | boolean | null>;
export type SnapshotTables = Record<SnapshotSection, SnapshotRow[]>;

/** What a state reset or import also clears: nothing of it would make sense afterwards. */
const TRANSIENT_TABLES = ['sessions', 'oauth_nonces'] as const;
/** Meta keys that are configuration of this deployment, not state. */
export const PRIVATE_META_KEYS: readonly string[] = ['admin_token'];

const ORDER_BY: Record<SnapshotSection, string> = {
  organizations: 'org_id',
  servers: 'server_uuid',
  devices: 'serial_number',
  profiles: 'profile_uuid',
  journal: 'seq',
  activation_locks: 'serial_number',
  assignment_history: 'serial_number',
  meta: 'key',
};

const CHUNK = 100;

/**
 * Whole-state reads and writes for fixtures: every row of the state tables out, and a
 * state replaced in one transaction. Rows travel as stored (epoch ms, JSON text columns).
 */
export class SnapshotStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialectName,
    private readonly lockWrites: (trx: Kysely<Database>) => Promise<void>,
  ) {}

  async exportTables(): Promise<SnapshotTables> {
    const out = {} as SnapshotTables;
    for (const [section, table] of Object.entries(SNAPSHOT_TABLES) as Array<
      [SnapshotSection, keyof Database]
    >) {
      const rows = (await this.db
        .selectFrom(table)
        .selectAll()
        .orderBy(sql.ref(ORDER_BY[section]))
        .execute()) as SnapshotRow[];
      out[section] =
        section === 'meta'
          ? rows.filter((row) => !PRIVATE_META_KEYS.includes(String(row.key)))
          : rows;
    }
    return out;
  }

  /** Empties the state (keeping private meta), then inserts `tables` when given; atomic. */
  async replace(tables: SnapshotTables | undefined): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.lockWrites(trx);
      await this.clear(trx);
      if (tables === undefined) return;
      for (const section of Object.keys(SNAPSHOT_TABLES) as SnapshotSection[]) {
        await this.insertRows(trx, section, tables[section]);
      }
      if (this.dialect === 'postgres') {
        await sql`select setval(pg_get_serial_sequence('device_events', 'seq'),
          coalesce((select max(seq) from device_events), 0) + 1, false)`.execute(trx);
      }
    });
  }

  private async clear(trx: Kysely<Database>): Promise<void> {
    for (const table of TRANSIENT_TABLES) await trx.deleteFrom(table).execute();
    const children = Object.values(SNAPSHOT_TABLES).reverse();
    for (const table of children) {
      if (table === 'meta') {
        await trx
          .deleteFrom('meta')
          .where('key', 'not in', [...PRIVATE_META_KEYS])
          .execute();
      } else {
        await trx.deleteFrom(table).execute();
      }
    }
  }

  private async insertRows(
    trx: Kysely<Database>,
    section: SnapshotSection,
    rows: readonly SnapshotRow[],
  ): Promise<void> {
    const table = SNAPSHOT_TABLES[section];
    const kept =
      section === 'meta'
        ? rows.filter((row) => !PRIVATE_META_KEYS.includes(String(row.key)))
        : rows;
    for (let start = 0; start < kept.length; start += CHUNK) {
      // Rows were checked to be flat records of scalars; the database checks the columns.
      const chunk = kept.slice(start, start + CHUNK) as Insertable<Database['meta']>[];
      await trx
        .insertInto(table as 'meta')
        .values(chunk)
        .execute();
    }
  }
}
