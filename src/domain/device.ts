/** A device of the organization, as opendep stores it. Times are epoch milliseconds. */
export type ProfileStatus = 'empty' | 'assigned' | 'pushed' | 'removed';

export interface Device {
  serial_number: string;
  org_id: string;
  /** The MDM server the device is assigned to; null when assigned to none. */
  server_uuid: string | null;
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
}

/** Per-device outcomes of define / assign / remove / disown. */
export type DeviceOutcome = 'SUCCESS' | 'NOT_ACCESSIBLE' | 'FAILED' | 'THROTTLED';

/** A device is visible to exactly the MDM server it is assigned to. */
export function isVisibleTo(device: Device | undefined, serverUuid: string): device is Device {
  return device !== undefined && device.server_uuid === serverUuid;
}
