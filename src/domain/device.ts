/** A device of the organization, as opendep stores it. Times are epoch milliseconds. */
export type ProfileStatus = 'empty' | 'assigned' | 'pushed' | 'removed';

export interface Device {
  serial_number: string;
  org_id: string;
  /** The MDM server the device is assigned to; null when assigned to none. */
  server_uuid: string | null;
  /**
   * The journal's high-water mark (largest `device_events.seq`) when the device joined its
   * current server; null with no server. A fetch lists only devices that joined at or
   * before its own mark, so a device arriving mid-fetch is reported once, by sync.
   */
  joined_seq: number | null;
  model: string;
  description: string;
  color: string;
  asset_tag: string | null;
  os: string;
  device_family: string;
  device_assigned_date: number | null;
  device_assigned_by: string | null;
  profile_uuid: string | null;
  profile_status: ProfileStatus;
  profile_assign_time: number | null;
  profile_push_time: number | null;
  /** Set by the portal when the device is moved to a new MDM server with a deadline (v8). */
  mdm_migration_deadline: number | null;
  /** Hardware identifiers reported from protocol version 10. */
  eid: string | null;
  ethernet_mac_address: string | null;
  wifi_mac_address: string | null;
  bluetooth_mac_address: string | null;
  imei: string[];
  meid: string[];
  /** An AppleCare replacement of `original_serial_number`, on `replacement_date` (UTC day). */
  is_replacement_device: boolean;
  original_serial_number: string | null;
  replacement_date: string | null;
}

/** Per-device outcomes of define / assign / remove / disown. */
export type DeviceOutcome = 'SUCCESS' | 'NOT_ACCESSIBLE' | 'FAILED' | 'THROTTLED';

/** A device is visible to exactly the MDM server it is assigned to. */
export function isVisibleTo(device: Device | undefined, serverUuid: string): device is Device {
  return device !== undefined && device.server_uuid === serverUuid;
}

/** The lifecycle columns: where the device is and what happened to its profile. */
export type LifecycleField =
  | 'org_id'
  | 'server_uuid'
  | 'joined_seq'
  | 'device_assigned_date'
  | 'device_assigned_by'
  | 'profile_uuid'
  | 'profile_status'
  | 'profile_assign_time'
  | 'profile_push_time'
  | 'mdm_migration_deadline';

/** What a device is, before it joins an organization: model, identifiers, replacement. */
export type DeviceSpec = Omit<Device, LifecycleField>;
