import { Kysely, Migrator } from 'kysely';
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
  /** Where the data lives, for messages; never includes a password. */
  readonly location: string;
  transaction<T>(work: (repo: Repository) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class KyselyStorage implements Storage {
  readonly repo: Repository;

  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: SqlDialectName,
    readonly location: string,
  ) {
    this.repo = new Repository(db);
  }

  /** Brings the schema up to date; the migrator's lock makes concurrent starts safe. */
  async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider(this.dialect) });
    const { error, results } = await migrator.migrateToLatest();
    if (error !== undefined) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new Error(`database migration ${failed} failed: ${String(error)}`, { cause: error });
    }
  }

  transaction<T>(work: (repo: Repository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new Repository(trx)));
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
