import { formatAppleDate } from './clock.js';
import type { Device } from './device.js';

/** Apple's JSON for a device: absent values are omitted, never null; dates without fraction. */
export type DeviceRecord = Record<string, string | boolean | string[]>;

function putDate(record: DeviceRecord, key: string, epochMs: number | null): void {
  if (epochMs !== null) record[key] = formatAppleDate(new Date(epochMs));
}

/** Every field opendep knows for `device`; version gating happens when it is served. */
export function deviceRecord(device: Device): DeviceRecord {
  const record: DeviceRecord = {
    serial_number: device.serial_number,
    model: device.model,
    description: device.description,
    color: device.color,
  };
  if (device.asset_tag !== null) record.asset_tag = device.asset_tag;
  record.os = device.os;
  record.device_family = device.device_family;
  if (device.profile_uuid !== null) record.profile_uuid = device.profile_uuid;
  record.profile_status = device.profile_status;
  putDate(record, 'profile_assign_time', device.profile_assign_time);
  putDate(record, 'profile_push_time', device.profile_push_time);
  if (device.device_assigned_by !== null) record.device_assigned_by = device.device_assigned_by;
  putDate(record, 'device_assigned_date', device.device_assigned_date);
  return record;
}
