/**
 * The rules of "Define a Profile" (POST /profile), as a pure function from a parsed JSON
 * body to either the profile to store or the one Apple error code to answer with.
 * The rules, their order and the reasons behind uncertain choices are in
 * docs/define-profile-rules.md.
 */
import type { AppleErrorCode } from '../errors/apple-codes.js';
import { ISO_3166_1_ALPHA_2_CODES, ISO_639_1_CODES, ISO_639_2_CODES } from './locale-codes.js';
import { codePointLength } from './unicode-length.js';
import { encodedUriLength, isAbsoluteUri } from './uri.js';

export interface ProfileDefinition {
  profile_name: string;
  url: string;
  allow_pairing: boolean;
  is_supervised: boolean;
  is_multi_user: boolean;
  is_mandatory: boolean;
  await_device_configured: boolean;
  is_mdm_removable: boolean;
  auto_advance_setup: boolean;
  do_not_use_profile_from_backup: boolean;
  is_return_to_service: boolean;
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
}

export type DefineProfileValidation =
  | { ok: true; profile: ProfileDefinition; devices: string[] | undefined }
  | { ok: false; code: AppleErrorCode };

/** Apple's defaults for every flag a client leaves out. */
const FLAG_DEFAULTS = {
  allow_pairing: true,
  is_supervised: false,
  is_multi_user: false,
  is_mandatory: false,
  await_device_configured: false,
  is_mdm_removable: true,
  auto_advance_setup: false,
  do_not_use_profile_from_backup: false,
  is_return_to_service: false,
} as const satisfies Record<string, boolean>;

const TEXT_FIELDS = [
  'profile_name',
  'url',
  'support_phone_number',
  'support_email_address',
  'org_magic',
  'department',
  'language',
  'region',
  'configuration_web_url',
] as const;
const LIST_FIELDS = ['anchor_certs', 'supervising_host_certs', 'skip_setup_items'] as const;

type FlagField = keyof typeof FLAG_DEFAULTS;
type TextField = (typeof TEXT_FIELDS)[number];
type ListField = (typeof LIST_FIELDS)[number];

/** The known fields of a body, each already of its JSON type; absent and null left out. */
interface DefineProfileFields {
  flags: Partial<Record<FlagField, boolean>>;
  texts: Partial<Record<TextField, string>>;
  lists: Partial<Record<ListField, string[]>>;
  devices: string[] | undefined;
}

const PROFILE_NAME_MAX = 125;
const URL_ENCODED_MAX = 2000;

export function validateDefineProfile(body: unknown): DefineProfileValidation {
  const fields = readDefineProfileFields(body);
  if (fields === undefined) return rejected('MALFORMED_REQUEST_BODY');

  const { profile_name: profileName, url } = fields.texts;
  if (profileName === undefined) return rejected('CONFIG_NAME_REQUIRED');
  if (!isFilledWithin(profileName, PROFILE_NAME_MAX)) return rejected('CONFIG_NAME_INVALID');
  if (url === undefined) return rejected('CONFIG_URL_REQUIRED');
  if (!isProfileUrl(url)) return rejected('CONFIG_URL_INVALID');

  for (const check of CHECKS_AFTER_URL) {
    const code = check(fields);
    if (code !== undefined) return rejected(code);
  }
  return { ok: true, profile: toProfile(fields, profileName, url), devices: fields.devices };
}

/**
 * For assign/remove/details/disown bodies: reads an array of serial strings. Absent or
 * null reads as an empty list, so the caller's "no serials" rule covers both cases.
 */
export function readSerialList(
  value: unknown,
): { ok: true; serials: string[] } | { ok: false; code: 'MALFORMED_REQUEST_BODY' } {
  if (value === undefined || value === null) return { ok: true, serials: [] };
  const serials = guarded(() => readStringList(value));
  if (serials === undefined) return { ok: false, code: 'MALFORMED_REQUEST_BODY' };
  return { ok: true, serials };
}

type FieldCheck = (fields: DefineProfileFields) => AppleErrorCode | undefined;

const CHECKS_AFTER_URL: readonly FieldCheck[] = [
  ({ texts }) =>
    texts.configuration_web_url !== undefined && !isProfileUrl(texts.configuration_web_url)
      ? 'CONFIG_URL_INVALID'
      : undefined,
  ({ flags }) =>
    flags.is_mdm_removable === false && flags.is_supervised !== true ? 'FLAGS_INVALID' : undefined,
  lengthCheck('department', 125, 'DEPARTMENT_INVALID'),
  lengthCheck('support_phone_number', 50, 'SUPPORT_PHONE_INVALID'),
  lengthCheck('support_email_address', 250, 'SUPPORT_EMAIL_INVALID'),
  lengthCheck('org_magic', 256, 'MAGIC_INVALID'),
  ({ texts }) => (isLocale(texts.language, texts.region) ? undefined : 'LOCALE_INVALID'),
];

function lengthCheck(field: TextField, max: number, code: AppleErrorCode): FieldCheck {
  return ({ texts }) => {
    const value = texts[field];
    return value === undefined || isFilledWithin(value, max) ? undefined : code;
  };
}

function rejected(code: AppleErrorCode): DefineProfileValidation {
  return { ok: false, code };
}

/** Not empty and at most `max` code points. */
function isFilledWithin(text: string, max: number): boolean {
  return text !== '' && codePointLength(text) <= max;
}

function isProfileUrl(url: string): boolean {
  // Encoding never shortens text, so a long raw string is rejected before it is scanned.
  if (url === '' || url.length > URL_ENCODED_MAX) return false;
  return encodedUriLength(url) <= URL_ENCODED_MAX && isAbsoluteUri(url);
}

/** Both absent, a language alone, or a language with a region; codes in their ISO case. */
function isLocale(language: string | undefined, region: string | undefined): boolean {
  if (language === undefined) return region === undefined;
  const knownLanguage = ISO_639_1_CODES.has(language) || ISO_639_2_CODES.has(language);
  return knownLanguage && (region === undefined || ISO_3166_1_ALPHA_2_CODES.has(region));
}

function toProfile(fields: DefineProfileFields, name: string, url: string): ProfileDefinition {
  return {
    ...fields.texts,
    ...fields.lists,
    ...FLAG_DEFAULTS,
    ...fields.flags,
    profile_name: name,
    url,
  };
}

/** The body's known fields, or undefined when the body or any known field has a wrong type. */
function readDefineProfileFields(body: unknown): DefineProfileFields | undefined {
  return guarded(() => {
    if (!isJsonObject(body)) return undefined;
    const fields: DefineProfileFields = { flags: {}, texts: {}, lists: {}, devices: undefined };

    for (const field of Object.keys(FLAG_DEFAULTS) as FlagField[]) {
      const value = ownValue(body, field);
      if (value !== undefined && typeof value !== 'boolean') return undefined;
      if (value !== undefined) fields.flags[field] = value;
    }
    for (const field of TEXT_FIELDS) {
      const value = ownValue(body, field);
      if (value !== undefined && typeof value !== 'string') return undefined;
      if (value !== undefined) fields.texts[field] = value;
    }
    for (const field of [...LIST_FIELDS, 'devices'] as const) {
      const value = ownValue(body, field);
      if (value === undefined) continue;
      const list = readStringList(value);
      if (list === undefined) return undefined;
      if (field === 'devices') fields.devices = list;
      else fields.lists[field] = list;
    }
    return fields;
  });
}

/** A plain object as JSON.parse makes it; arrays and class instances are not. */
function isJsonObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** An own data property's value, with JSON null read as absent. */
function ownValue(record: object, key: string): unknown {
  const value: unknown = Object.getOwnPropertyDescriptor(record, key)?.value;
  return value === null ? undefined : value;
}

/** A fresh copy of an array whose every element is a string, else undefined. */
function readStringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list: string[] = [];
  for (let index = 0; index < value.length; index += 1) {
    const item: unknown = value[index];
    if (typeof item !== 'string') return undefined;
    list.push(item);
  }
  return list;
}

// JSON.parse output never throws when read; a hostile value (a revoked Proxy, say) could,
// and reading it counts as a malformed body rather than a crash.
function guarded<T>(read: () => T | undefined): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
