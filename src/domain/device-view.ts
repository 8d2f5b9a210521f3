import type { DeviceRecord } from './device-record.js';

/** Fields that exist only from the protocol version that introduced them. */
const FIELDS_FROM_VERSION: ReadonlyArray<readonly [number, readonly string[]]> = [
  [2, ['os', 'device_family']],
  [8, ['mdm_migration_deadline']],
  [
    10,
    [
      'eid',
      'ethernet_mac_address',
      'wifi_mac_address',
      'bluetooth_mac_address',
      'imei',
      'meid',
      'is_replacement_device',
      'released_by_replacement',
    ],
  ],
];

/** iPads reported `iOS` until protocol version 7 introduced `iPadOS`. */
const IPADOS_FROM_VERSION = 7;

/**
 * A stored device record as a caller speaking `protocolVersion` sees it: later versions'
 * fields removed, and iPadOS shown as iOS before version 7. Returns a new object.
 */
export function viewDeviceRecord(record: DeviceRecord, protocolVersion: number): DeviceRecord {
  const view: DeviceRecord = { ...record };
  for (const [version, fields] of FIELDS_FROM_VERSION) {
    if (protocolVersion >= version) continue;
    for (const field of fields) delete view[field];
  }
  if (view.os === 'iPadOS' && protocolVersion < IPADOS_FROM_VERSION) view.os = 'iOS';
  return view;
}

export type SyncOpType = 'added' | 'modified' | 'deleted';

/** A journal record as sync serves it: the view plus `op_type` and `op_date`. */
export function viewSyncRecord(
  record: DeviceRecord,
  opType: SyncOpType,
  opDate: string,
  protocolVersion: number,
): DeviceRecord {
  return { ...viewDeviceRecord(record, protocolVersion), op_type: opType, op_date: opDate };
}
