import { userInfo } from 'node:os';
import { Kysely } from 'kysely';
import pg from 'pg';
import { SchemaPostgresDialect } from './postgres-dialect.js';
import type { Database } from './schema.js';
import { KyselyStorage } from './storage.js';

const INT8_OID = 20;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A commit returns once it is in PostgreSQL's WAL buffers, not on disk: writers take turns
 * (see `KyselyStorage.transaction`), so waiting for each flush would cap writes at one per
 * disk flush. A PostgreSQL crash can lose the last fraction of a second of changes, never
 * consistency: the guarantee SQLite gives with `synchronous = NORMAL`.
 */
const ASYNC_COMMIT = '-c synchronous_commit=off';

/** An int8 (bigint, bigserial, count(*)) as a JavaScript number; refuses to lose precision. */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 ${text} is not a safe integer`);
  return value;
}

/**
 * Type parsers for this pool's clients only. pg hands int8 back as a string by default;
 * every int8 we store is an epoch millisecond or a journal position, far below 2^53, and
 * the rest of opendep speaks numbers. Scoping the override to the pool (rather than
 * `pg.types.setTypeParser`, which is process-wide) leaves any other pg user alone.
 */
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PostgresTarget {
  /** What pg connects with: `schema` turned into a `search_path` startup option. */
  connectionString: string;
  /** The schema opendep's tables live in; `public` unless the URL says `?schema=`. */
  schema: string;
  /** The URL for messages: no password, neither in the userinfo nor as a parameter. */
  location: string;
}

/**
 * Reads a `postgres://` URL. `?schema=name` (our addition, a plain lower-case identifier)
 * puts every table in that schema, so several opendeps can share one database.
 */
export function parsePostgresUrl(url: string): PostgresTarget {
  const parsed = new URL(url);
  // libpq falls back to the operating-system user; pg only to $USER, unset in some shells.
  if (parsed.username === '' && process.env.PGUSER === undefined && !process.env.USER) {
    parsed.username = userInfo().username;
  }
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`schema must be a lower-case SQL identifier, not "${schema}"`);
  }

  const shown = new URL(parsed);
  shown.password = '';
  shown.searchParams.delete('password');
  const location = shown.toString();

  // Settings travel as startup options (no extra round trip per connection): ours, then
  // any the URL has (which may override synchronous_commit), then the search path.
  parsed.searchParams.delete('schema');
  const given = parsed.searchParams.get('options');
  const options = [ASYNC_COMMIT, given, `-c search_path=${schema}`].filter((o) => o !== null);
  parsed.searchParams.set('options', options.join(' '));
  return { connectionString: parsed.toString(), schema, location };
}

/** A pool of connections to `target` with our type parsers and search path. */
export function createPool(target: PostgresTarget): pg.Pool {
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    types: typeParsers,
    application_name: 'opendep',
  });
  // An idle connection can break (server restart, network); the pool drops it and the
  // next query opens a new one. Without a listener the error would end the process.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL connection lost: ${error.message}`);
  });
  return pool;
}

/**
 * Opens PostgreSQL at `url` and migrates it. Safe when several processes start at once:
 * Kysely's migrator holds a PostgreSQL advisory lock while it applies migrations.
 */
export async function openPostgresStorage(url: string): Promise<KyselyStorage> {
  const target = parsePostgresUrl(url);
  const db = new Kysely<Database>({
    dialect: new SchemaPostgresDialect({ pool: createPool(target) }, target.schema),
  });
  const storage = new KyselyStorage(db, 'postgres', target.location, target.schema);
  try {
    await storage.migrate();
  } catch (error) {
    await storage.close();
    throw error;
  }
  return storage;
}
