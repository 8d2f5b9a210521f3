/** Request and response shapes of the profile endpoints, as Apple documents them. */

/** Per-serial outcome of define, assign and remove. `THROTTLED` only from assign, v9+. */
export type DeviceStatus = 'SUCCESS' | 'NOT_ACCESSIBLE' | 'FAILED' | 'THROTTLED';

/** The body of `POST /profile`. Fields marked v2 are read from protocol version 2. */
export interface ProfileDefinitionInput {
  profile_name: string;
  url: string;
  allow_pairing?: boolean;
  is_supervised?: boolean;
  /** v2+. */
  is_multi_user?: boolean;
  is_mandatory?: boolean;
  /** v2+. */
  await_device_configured?: boolean;
  is_mdm_removable?: boolean;
  /** v2+. */
  auto_advance_setup?: boolean;
  do_not_use_profile_from_backup?: boolean;
  is_return_to_service?: boolean;
  support_phone_number?: string;
  /** v2+. */
  support_email_address?: string;
  org_magic?: string;
  department?: string;
  language?: string;
  region?: string;
  configuration_web_url?: string;
  /** Base64 DER certificates. */
  anchor_certs?: string[];
  /** Base64 DER certificates. */
  supervising_host_certs?: string[];
  /** Setup Assistant panes to skip (Apple's SkipKeys, case-sensitive). */
  skip_setup_items?: string[];
  /** Serials to assign the new profile to in the same call. */
  devices?: string[];
}

export interface DefineProfileResponse {
  profile_uuid: string;
  devices?: Record<string, DeviceStatus>;
}

/** `GET /profile`: the definition as stored, with its UUID and without `devices`. */
export type ProfileResponse = Omit<ProfileDefinitionInput, 'devices'> & { profile_uuid: string };

export interface AssignProfileResponse {
  profile_uuid: string;
  devices: Record<string, DeviceStatus>;
  /** v10+, present when a device was THROTTLED: wait at least this long to retry those. */
  retry_after_seconds?: number;
}

export interface RemoveProfileResponse {
  devices: Record<string, DeviceStatus>;
}
