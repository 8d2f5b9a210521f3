import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

type Table = keyof Database;

interface Template {
  sql: string;
  /** For each bound parameter, its index in the row-major flat list of values. */
  order: number[];
}

// Per Kysely handle (a transaction is a handle of its own): one compile per batch at most.
const templates = new WeakMap<object, Map<string, Template>>();

/**
 * The compiled INSERT for `rows` rows of `columns`, in whatever SQL dialect `db` speaks.
 * Compiled once with marker values, so the position of every parameter is known and later
 * chunks of the same size skip Kysely's per-value query tree: at a million devices that
 * tree costs more (mostly garbage collection) than SQLite's own work.
 */
function templateFor(
  db: Kysely<Database>,
  table: Table,
  columns: readonly string[],
  rows: number,
): Template {
  const byDb = templates.get(db) ?? new Map<string, Template>();
  templates.set(db, byDb);
  const key = `${table}|${columns.join(',')}|${rows}`;
  const known = byDb.get(key);
  if (known !== undefined) return known;

  const markers = Array.from({ length: rows }, (_, row) =>
    Object.fromEntries(columns.map((column, col) => [column, `${row * columns.length + col}`])),
  );
  // The marker rows have the table's column names; Kysely cannot check them statically here.
  const compiled = db
    .insertInto(table)
    .values(markers as never)
    .compile();
  const template = { sql: compiled.sql, order: compiled.parameters.map((p) => Number(p)) };
  byDb.set(key, template);
  return template;
}

/**
 * Inserts `rows` into `table`, `perStatement` rows a statement, each row given as its values
 * in `columns` order. Full statements reuse one compiled template; the last, shorter one is
 * built the ordinary way (so templates exist for one size only).
 */
export async function bulkInsert<Row>(
  db: Kysely<Database>,
  table: Table,
  columns: readonly string[],
  rows: readonly Row[],
  valuesOf: (row: Row) => unknown[],
  perStatement: number,
): Promise<void> {
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    if (chunk.length < perStatement) {
      const objects = chunk.map((row) => {
        const values = valuesOf(row);
        return Object.fromEntries(columns.map((column, index) => [column, values[index]]));
      });
      await db
        .insertInto(table)
        .values(objects as never)
        .execute();
      continue;
    }
    const flat: unknown[] = [];
    for (const row of chunk) for (const value of valuesOf(row)) flat.push(value);
    const template = templateFor(db, table, columns, chunk.length);
    const parameters = template.order.map((index) => flat[index]);
    await db.executeQuery(CompiledQuery.raw(template.sql, parameters));
  }
}
