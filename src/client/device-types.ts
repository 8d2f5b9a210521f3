/** Request and response shapes of the device endpoints, as Apple documents them. */

export type DeviceOs = 'iOS' | 'iPadOS' | 'OSX' | 'tvOS' | 'visionOS';
export type DeviceFamily = 'iPad' | 'iPhone' | 'iPod' | 'Mac' | 'AppleTV' | 'Vision';
/** `""` has been seen in real answers besides the four documented values. */
export type ProfileStatus = 'empty' | 'assigned' | 'pushed' | 'removed' | '';
export type SyncOpType = 'added' | 'modified' | 'deleted';

/**
 * A device as fetch, sync and details return it. Only the serial is always there: sync's
 * `deleted` records can be that sparse. Dates are ISO-8601 UTC without fraction.
 */
export interface Device {
  serial_number: string;
  model?: string;
  description?: string;
  color?: string;
  asset_tag?: string;
  profile_status?: ProfileStatus;
  profile_uuid?: string;
  profile_assign_time?: string;
  profile_push_time?: string;
  device_assigned_date?: string;
  device_assigned_by?: string;
  /** v2+; iPads say `iPadOS` from v7. */
  os?: DeviceOs;
  /** v2+. */
  device_family?: DeviceFamily;
  /** Sync only. */
  op_type?: SyncOpType;
  /** Sync only. */
  op_date?: string;
  /** v8+. */
  mdm_migration_deadline?: string;
  /** v10+. */
  eid?: string;
  /** v10+. */
  ethernet_mac_address?: string;
  /** v10+. */
  wifi_mac_address?: string;
  /** v10+. */
  bluetooth_mac_address?: string;
  /** v10+. */
  imei?: string[];
  /** v10+. */
  meid?: string[];
  /** v10+: true means Get Replacement Details has more. */
  is_replacement_device?: boolean;
  /** v10+, on sync `deleted` records only. */
  released_by_replacement?: boolean;
}

export interface FetchDevicesRequest {
  /** Omit on the first call. */
  cursor?: string;
  /** Devices per page; Apple documents at most 1000. */
  limit?: number;
}

export interface SyncDevicesRequest {
  cursor: string;
  limit?: number;
}

/** The answer of both fetch and sync. */
export interface DevicePageResponse {
  cursor: string;
  devices: Device[];
  fetched_until: string;
  more_to_follow: boolean;
}

export type DetailsStatus = 'SUCCESS' | 'NOT_ACCESSIBLE' | 'FAILED';

/** `POST /devices`: an inaccessible serial's entry may hold only `response_status`. */
export type DeviceDetails = Partial<Device> & { response_status: DetailsStatus };

export interface DeviceDetailsResponse {
  devices: Record<string, DeviceDetails>;
}

export type DisownStatus = 'SUCCESS' | 'NOT_ACCESSIBLE' | 'FAILED';

export interface DisownDevicesResponse {
  /** Apple may leave the map out when no devices were sent. */
  devices?: Record<string, DisownStatus>;
}

export interface ActivationLockRequest {
  /** The serial number. */
  device: string;
  /** 64 upper-case hex characters (the hashed bypass code), not the dashed code. */
  escrow_key?: string;
  lost_message?: string;
}

export type ActivationLockStatus =
  | 'SUCCESS'
  | 'NOT_ACCESSIBLE'
  | 'ORG_NOT_SUPPORTED'
  | 'DEVICE_NOT_SUPPORTED'
  | 'DEVICE_ALREADY_LOCKED'
  | 'FAILED';

export interface ActivationLockResponse {
  serial_number: string;
  response_status: ActivationLockStatus;
}

/** v10+. */
export interface ReplacementDetailsResponse {
  serial_number: string;
  original_device_serial_number: string;
  /** `YYYY-MM-DD`, UTC. */
  replacement_date: string;
}
