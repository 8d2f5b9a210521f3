import type { Generated } from 'kysely';

/** Table shapes as Kysely sees them. Times are epoch milliseconds. */
export interface Database {
  meta: { key: string; value: string };
  organizations: OrganizationTable;
  mdm_servers: MdmServerTable;
  devices: DeviceTable;
  device_events: DeviceEventTable;
  profiles: ProfileTable;
  sessions: SessionTable;
  oauth_nonces: OAuthNonceTable;
  activation_locks: ActivationLockTable;
  profile_assignments: ProfileAssignmentTable;
}

export interface OrganizationTable {
  org_id: string;
  org_name: string;
  org_email: string;
  org_phone: string;
  org_address: string;
  org_type: string;
  org_version: string;
  admin_id: string;
  created_at: number;
}

export interface MdmServerTable {
  server_uuid: string;
  org_id: string;
  server_name: string;
  consumer_key: string;
  consumer_secret: string;
  access_token: string;
  access_secret: string;
  access_token_expiry: string;
  admin_id: string;
  created_at: number;
}

export interface DeviceTable {
  serial_number: string;
  org_id: string;
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
  profile_status: string;
  profile_assign_time: number | null;
  profile_push_time: number | null;
  // From migration 0002.
  joined_seq: number | null;
  mdm_migration_deadline: number | null;
  eid: string | null;
  ethernet_mac_address: string | null;
  wifi_mac_address: string | null;
  bluetooth_mac_address: string | null;
  /** JSON array of strings. */
  imei: string;
  /** JSON array of strings. */
  meid: string;
  /** 0 or 1. */
  is_replacement_device: number;
  original_serial_number: string | null;
  replacement_date: string | null;
}

/** The per-server journal that sync replays, oldest first by `seq`. */
export interface DeviceEventTable {
  seq: Generated<number>;
  server_uuid: string;
  serial_number: string;
  op_type: string;
  op_date: number;
  /** The device as the record shows it, JSON; sparse for `deleted`. */
  record: string;
}

export interface ProfileTable {
  profile_uuid: string;
  server_uuid: string;
  /** The validated definition, JSON. */
  definition: string;
  created_at: number;
}

export interface SessionTable {
  token: string;
  server_uuid: string;
  created_at: number;
  expires_at: number;
}

export interface OAuthNonceTable {
  consumer_key: string;
  nonce: string;
  timestamp: number;
  expires_at: number;
}

/** A device's Activation Lock, set through POST /device/activationlock. */
export interface ActivationLockTable {
  serial_number: string;
  locked_at: number;
  /** SHA-256 of the escrow key; null when locked to the server's creator. */
  escrow_key_digest: string | null;
  lost_message: string | null;
}

/** When each device was given a profile, kept as long as the throttle window needs it. */
export interface ProfileAssignmentTable {
  serial_number: string;
  assigned_at: number;
}
