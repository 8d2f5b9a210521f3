/** JSON Schemas of Apple's objects as opendep serves them (dep-api.md section 6). */
import type { JsonSchema } from './control-schemas.js';

const str = { type: 'string' };
const bool = { type: 'boolean' };
const dateTime = { type: 'string', format: 'date-time' };
const strings = { type: 'array', items: str };

export const deviceStatus = { enum: ['SUCCESS', 'NOT_ACCESSIBLE', 'FAILED', 'THROTTLED'] };
export const serialList: JsonSchema = {
  type: 'array',
  items: str,
  description: 'serial numbers; Apple advises at most 1000 per call',
};

export const profile: JsonSchema = {
  type: 'object',
  properties: {
    profile_name: { type: 'string', maxLength: 125 },
    url: { type: 'string', format: 'uri', maxLength: 2000 },
    allow_pairing: bool,
    is_supervised: bool,
    is_multi_user: bool,
    is_mandatory: bool,
    await_device_configured: bool,
    is_mdm_removable: bool,
    auto_advance_setup: bool,
    do_not_use_profile_from_backup: bool,
    is_return_to_service: bool,
    support_phone_number: { type: 'string', maxLength: 50 },
    support_email_address: { type: 'string', maxLength: 250 },
    org_magic: { type: 'string', maxLength: 256 },
    department: { type: 'string', maxLength: 125 },
    language: { type: 'string', minLength: 2, maxLength: 3 },
    region: { type: 'string', minLength: 2, maxLength: 2 },
    configuration_web_url: { type: 'string', format: 'uri' },
    anchor_certs: strings,
    supervising_host_certs: strings,
    skip_setup_items: strings,
  },
};

export const device: JsonSchema = {
  type: 'object',
  properties: {
    serial_number: str,
    model: str,
    description: str,
    color: str,
    asset_tag: str,
    profile_status: { enum: ['empty', 'assigned', 'pushed', 'removed'] },
    profile_uuid: str,
    profile_assign_time: dateTime,
    profile_push_time: dateTime,
    device_assigned_date: dateTime,
    device_assigned_by: str,
    os: str,
    device_family: str,
    op_type: { enum: ['added', 'modified', 'deleted'] },
    op_date: dateTime,
    mdm_migration_deadline: dateTime,
    eid: str,
    ethernet_mac_address: str,
    wifi_mac_address: str,
    bluetooth_mac_address: str,
    imei: strings,
    meid: strings,
    is_replacement_device: bool,
    released_by_replacement: bool,
    response_status: str,
  },
};

export const devicePage: JsonSchema = {
  type: 'object',
  properties: {
    devices: { type: 'array', items: device },
    cursor: str,
    fetched_until: dateTime,
    more_to_follow: bool,
  },
};

export const cursorRequest: JsonSchema = {
  type: 'object',
  properties: {
    cursor: { type: 'string', maxLength: 1000 },
    limit: { type: 'integer', description: 'default 1000, at most 1000' },
  },
};

export const statusMap: JsonSchema = {
  type: 'object',
  additionalProperties: deviceStatus,
};

export const accountDetail: JsonSchema = {
  type: 'object',
  properties: {
    server_name: str,
    server_uuid: str,
    admin_id: str,
    facilitator_id: str,
    org_name: str,
    org_email: str,
    org_phone: str,
    org_address: str,
    org_id: str,
    org_id_hash: str,
    org_type: { enum: ['edu', 'org', 'tvprovider'] },
    org_version: { enum: ['v1', 'v2'] },
    urls: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          uri: str,
          http_method: strings,
          limit: {
            type: 'object',
            properties: { default: { type: 'integer' }, maximum: { type: 'integer' } },
          },
        },
      },
    },
  },
};
