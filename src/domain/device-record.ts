import { formatAppleDate } from './clock.js';
import type { Device } from './device.js';

/** Apple's JSON for a device: absent values are omitted, never null; dates without fraction. */
export type DeviceRecord = Record<string, string | boolean | string[]>;

// Bulk work formats the same instant over and over; remember the last one.
let lastDate = { epochMs: Number.NaN, text: '' };

function putDate(record: DeviceRecord, key: string, epochMs: number | null): void {
  if (epochMs === null) return;
  if (lastDate.epochMs !== epochMs) {
    lastDate = { epochMs, text: formatAppleDate(new Date(epochMs)) };
  }
  record[key] = lastDate.text;
}

function putText(record: DeviceRecord, key: string, value: string | null): void {
  if (value !== null) record[key] = value;
}

/**
 * Every field opendep knows for `device`, newest protocol's fields included; what a caller
 * sees is cut down to its protocol version when served (device-view.ts). Journal records
 * are stored in this form too, so a later sync can serve them at any version.
 */
export function deviceRecord(device: Device): DeviceRecord {
  const record: DeviceRecord = {
    serial_number: device.serial_number,
    model: device.model,
    description: device.description,
    color: device.color,
  };
  putText(record, 'asset_tag', device.asset_tag);
  record.os = device.os;
  record.device_family = device.device_family;
  putText(record, 'profile_uuid', device.profile_uuid);
  record.profile_status = device.profile_status;
  putDate(record, 'profile_assign_time', device.profile_assign_time);
  putDate(record, 'profile_push_time', device.profile_push_time);
  putText(record, 'device_assigned_by', device.device_assigned_by);
  putDate(record, 'device_assigned_date', device.device_assigned_date);
  putDate(record, 'mdm_migration_deadline', device.mdm_migration_deadline);
  putText(record, 'eid', device.eid);
  putText(record, 'ethernet_mac_address', device.ethernet_mac_address);
  putText(record, 'wifi_mac_address', device.wifi_mac_address);
  putText(record, 'bluetooth_mac_address', device.bluetooth_mac_address);
  if (device.imei.length > 0) record.imei = [...device.imei];
  if (device.meid.length > 0) record.meid = [...device.meid];
  record.is_replacement_device = device.is_replacement_device;
  return record;
}

/**
 * The sparse record of a device leaving a server: its serial, and (served from version 10)
 * whether it left because an AppleCare replacement took its place.
 */
export function departureRecord(serial: string, releasedByReplacement: boolean): DeviceRecord {
  return { serial_number: serial, released_by_replacement: releasedByReplacement };
}
