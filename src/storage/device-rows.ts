import type { Selectable } from 'kysely';
import type { Device, ProfileStatus } from '../domain/device.js';
import type { DeviceTable } from './schema.js';

function stringList(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/** A stored row as the domain sees it: lists parsed, flags as booleans. */
export function toDevice(row: Selectable<DeviceTable>): Device {
  return {
    ...row,
    profile_status: row.profile_status as ProfileStatus,
    imei: stringList(row.imei),
    meid: stringList(row.meid),
    is_replacement_device: row.is_replacement_device === 1,
  };
}

/** Every column of `devices`, in the order `deviceValues` lists them. */
export const DEVICE_COLUMNS = [
  'serial_number',
  'org_id',
  'server_uuid',
  'joined_seq',
  'model',
  'description',
  'color',
  'asset_tag',
  'os',
  'device_family',
  'device_assigned_date',
  'device_assigned_by',
  'profile_uuid',
  'profile_status',
  'profile_assign_time',
  'profile_push_time',
  'mdm_migration_deadline',
  'eid',
  'ethernet_mac_address',
  'wifi_mac_address',
  'bluetooth_mac_address',
  'imei',
  'meid',
  'is_replacement_device',
  'original_serial_number',
  'replacement_date',
] as const satisfies ReadonlyArray<keyof DeviceTable>;

/** A device's row values in DEVICE_COLUMNS order; lists as JSON text, flags as 0/1. */
export function deviceValues(device: Device): unknown[] {
  return [
    device.serial_number,
    device.org_id,
    device.server_uuid,
    device.joined_seq,
    device.model,
    device.description,
    device.color,
    device.asset_tag,
    device.os,
    device.device_family,
    device.device_assigned_date,
    device.device_assigned_by,
    device.profile_uuid,
    device.profile_status,
    device.profile_assign_time,
    device.profile_push_time,
    device.mdm_migration_deadline,
    device.eid,
    device.ethernet_mac_address,
    device.wifi_mac_address,
    device.bluetooth_mac_address,
    JSON.stringify(device.imei),
    JSON.stringify(device.meid),
    device.is_replacement_device ? 1 : 0,
    device.original_serial_number,
    device.replacement_date,
  ];
}

export type MutableColumns = ReturnType<typeof mutableColumns>;

/**
 * The lifecycle columns of `device` that differ from `before` (all of them without it).
 * Writing only those matters: an UPDATE that names an indexed column rewrites its index
 * entries even when the value stays the same (three times the work for an assign on SQLite).
 */
export function changedColumns(device: Device, before?: Device): Partial<MutableColumns> {
  const after = mutableColumns(device);
  if (before === undefined) return after;
  const old: Record<string, unknown> = mutableColumns(before);
  return Object.fromEntries(Object.entries(after).filter(([key, value]) => value !== old[key]));
}

/** The columns a device's lifecycle changes; identity, hardware and org never do. */
export function mutableColumns(device: Device) {
  return {
    server_uuid: device.server_uuid,
    joined_seq: device.joined_seq,
    device_assigned_date: device.device_assigned_date,
    device_assigned_by: device.device_assigned_by,
    profile_uuid: device.profile_uuid,
    profile_status: device.profile_status,
    profile_assign_time: device.profile_assign_time,
    profile_push_time: device.profile_push_time,
    mdm_migration_deadline: device.mdm_migration_deadline,
  };
}
