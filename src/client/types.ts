/** Request and response shapes of the profile endpoints, as Apple documents them. */

export type DeviceStatus = 'SUCCESS' | 'NOT_ACCESSIBLE' | 'FAILED' | 'THROTTLED';

export interface ProfileDefinitionInput {
  profile_name: string;
  url: string;
  allow_pairing?: boolean;
  is_supervised?: boolean;
  is_multi_user?: boolean;
  is_mandatory?: boolean;
  await_device_configured?: boolean;
  is_mdm_removable?: boolean;
  auto_advance_setup?: boolean;
  do_not_use_profile_from_backup?: boolean;
  is_return_to_service?: boolean;
  support_phone_number?: string;
  support_email_address?: string;
  org_magic?: string;
  department?: string;
  language?: string;
  region?: string;
  configuration_web_url?: string;
  anchor_certs?: string[];
  supervising_host_certs?: string[];
  skip_setup_items?: string[];
  devices?: string[];
}

export interface DefineProfileResponse {
  profile_uuid: string;
  devices?: Record<string, DeviceStatus>;
}

export type ProfileResponse = Omit<ProfileDefinitionInput, 'devices'> & { profile_uuid: string };

export interface AssignProfileResponse {
  profile_uuid: string;
  devices: Record<string, DeviceStatus>;
  retry_after_seconds?: number;
}

export interface RemoveProfileResponse {
  devices: Record<string, DeviceStatus>;
}
