/** Plain-text tables for people; machines get `--json`. */

export interface Column<R> {
  header: string;
  value: (row: R) => string | number | boolean | readonly string[] | undefined;
}

/** Left-aligned columns two spaces apart, a header row, and no trailing blanks. */
export function formatTable<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const cells = rows.map((row) => columns.map((column) => cellText(column.value(row))));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((line) => (line[i] ?? '').length)),
  );
  const lines = [columns.map((column) => column.header), ...cells].map((line) =>
    line
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}

/** One `key  value` line per field; arrays joined by commas, objects as JSON. */
export function formatRecord(record: object): string {
  const entries = Object.entries(record).filter(([, value]) => value !== undefined);
  const width = Math.max(0, ...entries.map(([key]) => key.length));
  const lines = entries.map(([key, value]) => `${key.padEnd(width)}  ${cellText(value)}`);
  return `${lines.join('\n')}\n`;
}

/** `SERIAL  STATUS` for the `{serial: status}` maps of assign, remove, disown. */
export function formatStatusMap(devices: Record<string, string> | undefined): string {
  const rows = Object.entries(devices ?? {});
  if (rows.length === 0) return '(no devices)\n';
  return formatTable(
    [
      { header: 'SERIAL', value: ([serial]) => serial },
      { header: 'STATUS', value: ([, status]) => status },
    ],
    rows,
  );
}

export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
