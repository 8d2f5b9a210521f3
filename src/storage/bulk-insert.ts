import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

type Table = keyof Database;

interface Template {
  sql: string;
  /** For each bound parameter, its index in the row-major flat list of values. */
  order: number[];
}

// Keyed by the dialect's adapter, which the database and each of its transactions share:
// the SQL is the same whichever handle runs it, so a template outlives the transaction that
// compiled it. A few sizes per table are kept (full chunks, and the sizes requests repeat).
const templates = new WeakMap<object, Map<string, Template>>();
const SIZES_KEPT = 32;

/**
 * The compiled INSERT for `rows` rows of `columns`, in whatever SQL dialect `db` speaks.
 * Compiled once with marker values, so the position of every parameter is known and later
 * statements of the same size skip Kysely's per-value query tree: at a million devices that
 * tree costs more (mostly garbage collection) than SQLite's own work, and an assign of 1000
 * devices would otherwise build it for 1000 journal rows every time.
 */
function templateFor(
  db: Kysely<Database>,
  table: Table,
  columns: readonly string[],
  rows: number,
): Template {
  const adapter = db.getExecutor().adapter;
  const byAdapter = templates.get(adapter) ?? new Map<string, Template>();
  templates.set(adapter, byAdapter);
  const key = `${table}|${columns.join(',')}|${rows}`;
  const known = byAdapter.get(key);
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
  if (byAdapter.size >= SIZES_KEPT) byAdapter.delete(byAdapter.keys().next().value as string);
  byAdapter.set(key, template);
  return template;
}

/**
 * Inserts `rows` into `table`, `perStatement` rows a statement, each row given as its values
 * in `columns` order, through compiled templates (see `templateFor`).
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
    const flat: unknown[] = [];
    for (const row of chunk) for (const value of valuesOf(row)) flat.push(value);
    const template = templateFor(db, table, columns, chunk.length);
    const parameters = template.order.map((index) => flat[index]);
    await db.executeQuery(CompiledQuery.raw(template.sql, parameters));
  }
}
