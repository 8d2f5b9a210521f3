import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parsePostgresUrl } from '../src/storage/postgres.js';

export type Backend = 'sqlite' | 'postgres';

/** A fresh, empty database for one world, and how to get rid of it. */
export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A SQLite file in a temporary folder, or a schema of its own in the PostgreSQL database. */
export function freshDatabase(backend: Backend, pgUrl: string): BenchDatabase {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'opendep-bench-'));
    return {
      url: join(dir, 'bench.db'),
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const schema = `opendep_bench_${randomBytes(5).toString('hex')}`;
  const url = new URL(pgUrl);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client(parsePostgresUrl(pgUrl).connectionString);
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/** Whether PostgreSQL answers at `url`. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client(parsePostgresUrl(url).connectionString);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
