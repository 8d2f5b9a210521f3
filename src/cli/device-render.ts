/** Readable forms of device answers. */
import type { DevicePage } from '../client/device-pages.js';
import type { Device, DeviceDetailsResponse } from '../client/device-types.js';
import type { ListingSummary } from './device-listing.js';
import { cellText, formatTable, type Column } from './table.js';

const DEVICE_COLUMNS: Column<Device>[] = [
  { header: 'SERIAL', value: (d) => d.serial_number },
  { header: 'MODEL', value: (d) => d.model },
  { header: 'OS', value: (d) => d.os },
  { header: 'FAMILY', value: (d) => d.device_family },
  { header: 'PROFILE STATUS', value: (d) => d.profile_status },
  { header: 'PROFILE UUID', value: (d) => d.profile_uuid },
];

const SYNC_COLUMNS: Column<Device>[] = [
  { header: 'OP', value: (d) => d.op_type },
  { header: 'OP DATE', value: (d) => d.op_date },
];

/**
 * `--json` listings are NDJSON: one line per page, as it arrives, each with the cursor
 * to resume after it.
 */
export function pageLine(page: DevicePage): string {
  return `${JSON.stringify({
    phase: page.phase,
    cursor: page.cursor,
    more_to_follow: page.moreToFollow,
    fetched_until: page.fetchedUntil ?? null,
    restarted: page.restarted,
    devices: page.devices,
  })}\n`;
}

/**
 * Table rows page by page. Column widths come from the header and the first page, and
 * grow (never shrink) when a later page has longer values; a header is printed again
 * only when the columns change (sync adds OP and OP DATE).
 */
export class ListingTable {
  private columns: Column<Device>[] | undefined;
  private widths: number[] = [];

  page(page: DevicePage): string {
    let text = '';
    if (page.restarted) text += '(the server refused the cursor: a full listing follows)\n';
    if (page.devices.length === 0) return text;
    const synced = page.devices.some((device) => device.op_type !== undefined);
    const columns = synced ? [...DEVICE_COLUMNS, ...SYNC_COLUMNS] : DEVICE_COLUMNS;
    const cells = page.devices.map((device) => columns.map((c) => cellText(c.value(device))));
    const newColumns = columns.length !== this.columns?.length;
    const headers = columns.map((column) => column.header);
    this.widths = columns.map((_, i) =>
      Math.max(
        newColumns ? 0 : (this.widths[i] ?? 0),
        (headers[i] ?? '').length,
        ...cells.map((line) => (line[i] ?? '').length),
      ),
    );
    const lines = newColumns ? [headers, ...cells] : cells;
    if (newColumns && this.columns !== undefined) text += '\n';
    this.columns = columns;
    for (const line of lines) {
      text += `${line
        .map((cell, i) => cell.padEnd(this.widths[i] ?? 0))
        .join('  ')
        .trimEnd()}\n`;
    }
    return text;
  }

  end(summary: ListingSummary): string {
    const lines = [
      `${summary.devices} devices in ${summary.pages} pages (${summary.phase ?? 'none'})`,
      `cursor: ${summary.cursor ?? '(none)'}`,
    ];
    if (summary.fetched_until !== undefined) lines.push(`fetched until: ${summary.fetched_until}`);
    if (summary.restarted) lines.push('the server refused the cursor: this is a full listing');
    return `${summary.devices === 0 ? '(no devices)\n' : ''}\n${lines.join('\n')}\n`;
  }
}

export function renderDetails(answer: DeviceDetailsResponse): string {
  const rows = Object.entries(answer.devices ?? {});
  if (rows.length === 0) return '(no devices)\n';
  return formatTable(
    [
      { header: 'SERIAL', value: ([serial]) => serial },
      { header: 'STATUS', value: ([, d]) => d.response_status },
      ...DEVICE_COLUMNS.slice(1).map((column): Column<[string, Partial<Device>]> => ({
        header: column.header,
        value: ([serial, d]) => column.value({ ...d, serial_number: serial }),
      })),
    ],
    rows,
  );
}
