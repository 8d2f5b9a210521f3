/** Readable forms of device answers. */
import type { Device, DeviceDetailsResponse } from '../client/device-types.js';
import type { Listing } from './device-listing.js';
import { formatTable, type Column } from './table.js';

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

export function renderListing(listing: Listing): string {
  const synced = listing.devices.some((device) => device.op_type !== undefined);
  const columns = synced ? [...DEVICE_COLUMNS, ...SYNC_COLUMNS] : DEVICE_COLUMNS;
  const table =
    listing.devices.length === 0 ? '(no devices)\n' : formatTable(columns, listing.devices);
  const summary = [
    `${listing.devices.length} devices in ${listing.pages} pages (${listing.phase ?? 'none'})`,
    `cursor: ${listing.cursor ?? '(none)'}`,
  ];
  if (listing.fetched_until !== undefined) summary.push(`fetched until: ${listing.fetched_until}`);
  if (listing.restarted) summary.push('the server refused the cursor: this is a full listing');
  return `${table}\n${summary.join('\n')}\n`;
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
