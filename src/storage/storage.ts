import { Kysely, Migrator, sql } from 'kysely';
import { ControlStore } from '../control/control-store.js';
import { SnapshotStore } from '../control/snapshot-store.js';
import { AdvisoryLocks } from './advisory-locks.js';
import { migrationProvider, type SqlDialectName } from './migrations.js';
import { Repository } from './repository.js';
import type { Database } from './schema.js';

/**
 * The one storage interface: plain reads and writes through `repo`, and `transaction` for
 * every change that touches several rows (all or nothing).
 */
export interface Storage {
  readonly dialect: SqlDialectName;
  readonly repo: Repository;
  /** The control plane's tables: faults, account states, the clock. */
  readonly control: ControlStore;
  /** Whole-state export, import and reset. */
  readonly snapshots: SnapshotStore;
  /** Where the data lives, for messages; never includes a password. */
  readonly location: string;
  transaction<T>(work: (repo: Repository) => Promise<T>): Promise<T>;
  /**
   * Runs `work` while no other instance on this database runs its own `exclusive` work: for
   * start-up steps that must happen once (seeding, generating the admin token). `work`
   * reads and writes through `repo` as usual.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Refreshes the query planner's statistics of `tables` after a bulk change. PostgreSQL
   * otherwise plans a table that grew by a million rows as if it were still small until
   * autovacuum comes by; SQLite's planner does not depend on them.
   */
  refreshStatistics(tables: ReadonlyArray<keyof Database>): Promise<void>;
  close(): Promise<void>;
}

export class KyselyStorage implements Storage {
  readonly repo: Repository;
  readonly control: ControlStore;
  readonly snapshots: SnapshotStore;
  /** PostgreSQL only: see `transaction` and `exclusive`. */
  private readonly locks: AdvisoryLocks | undefined;

  /**
   * `schema` is PostgreSQL's schema for opendep's tables (and Kysely's migration tables);
   * undefined for SQLite.
   */
  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: SqlDialectName,
    readonly location: string,
    private readonly schema?: string,
  ) {
    this.repo = new Repository(db);
    this.control = new ControlStore(db);
    const locks = dialect === 'postgres' ? new AdvisoryLocks(schema ?? 'public') : undefined;
    this.locks = locks;
    // Snapshot imports write the journal, so they take the same lock as `transaction`.
    this.snapshots = new SnapshotStore(db, dialect, async (trx) => {
      await locks?.lockWrites(trx);
    });
  }

  /** Brings the schema up to date; the migrator's lock makes concurrent starts safe. */
  async migrate(): Promise<void> {
    const migrator = new Migrator({
      db: this.db,
      provider: migrationProvider(this.dialect),
      // Named explicitly: otherwise Kysely takes a migration table in any other schema of
      // the database for ours and skips creating it.
      ...(this.schema === undefined ? {} : { migrationTableSchema: this.schema }),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error !== undefined) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new Error(`database migration ${failed} failed: ${String(error)}`, { cause: error });
    }
  }

  /**
   * Runs `work` all or nothing. On PostgreSQL every transaction first takes one
   * transaction-scoped advisory lock, so writers run one at a time across all instances, as
   * SQLite's single writer does: a plan made from rows just read cannot be overtaken by
   * another instance, and journal positions (`device_events.seq`) are handed out in commit
   * order, so a reader never sees position n+1 before n becomes visible.
   */
  transaction<T>(work: (repo: Repository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      await this.locks?.lockWrites(trx);
      return work(new Repository(trx));
    });
  }

  /**
   * On PostgreSQL a session-level advisory lock, held on a connection of its own while
   * `work` uses the rest of the pool. SQLite needs none: one process owns the file, and
   * Kysely already runs its queries one at a time.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.locks === undefined ? work() : this.locks.exclusive(this.db, work);
  }

  async refreshStatistics(tables: ReadonlyArray<keyof Database>): Promise<void> {
    if (this.dialect !== 'postgres' || tables.length === 0) return;
    await sql`analyze ${sql.join(tables.map((table) => sql.table(table)))}`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
