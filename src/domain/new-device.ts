import {
  defaultModelOf,
  FAMILY_OS,
  isDeviceFamily,
  KNOWN_OS,
  type DeviceFamily,
} from './device-catalog.js';

/** A device as the control plane receives it, before it joins the organization. */
export interface NewDevice {
  serial_number: string;
  model: string;
  description: string;
  color: string;
  asset_tag: string | null;
  os: string;
  device_family: DeviceFamily;
}

export type NewDevicesValidation =
  { ok: true; devices: NewDevice[] } | { ok: false; message: string };

/**
 * Apple serials are upper-case letters and digits: 11 or 12 characters before 2021, 10
 * random ones since. We accept 8 to 16 so hand-made test serials fit, and nothing else.
 */
export const SERIAL_PATTERN = /^[A-Z0-9]{8,16}$/;

const OPTIONAL_TEXT = ['model', 'description', 'color', 'asset_tag', 'os'] as const;
/** Longer than any real model or SKU text; keeps one request from storing megabytes. */
const MAX_TEXT_LENGTH = 256;

/** The OS each family may report: iPads said iOS before iPadOS existed. */
const OS_OF_FAMILY: Readonly<Record<DeviceFamily, readonly string[]>> = {
  iPhone: ['iOS'],
  iPad: ['iPadOS', 'iOS'],
  iPod: ['iOS'],
  Mac: ['OSX'],
  AppleTV: ['tvOS'],
  Vision: ['visionOS'],
};

function readOne(raw: unknown, index: number): NewDevice | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return `devices[${index}] is not an object`;
  }
  const input = raw as Record<string, unknown>;
  const serial = input.serial_number;
  if (typeof serial !== 'string' || !SERIAL_PATTERN.test(serial)) {
    return `devices[${index}].serial_number must be 8-16 upper-case letters or digits`;
  }
  for (const key of OPTIONAL_TEXT) {
    const value = input[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value === '' || value.length > MAX_TEXT_LENGTH) {
      return `devices[${index}].${key} must be a string of 1 to ${MAX_TEXT_LENGTH} characters`;
    }
  }
  const family = input.device_family ?? 'iPhone';
  if (typeof family !== 'string' || !isDeviceFamily(family)) {
    return `devices[${index}].device_family must be one of ${Object.keys(FAMILY_OS).join(', ')}`;
  }
  const os = (input.os as string | undefined) ?? FAMILY_OS[family];
  if (!(KNOWN_OS as readonly string[]).includes(os)) {
    return `devices[${index}].os must be one of ${KNOWN_OS.join(', ')}`;
  }
  if (!OS_OF_FAMILY[family].includes(os)) {
    return `devices[${index}].os ${os} does not run on ${family}`;
  }
  const defaults = defaultModelOf(family);
  return {
    serial_number: serial,
    model: (input.model as string | undefined) ?? defaults.model,
    description: (input.description as string | undefined) ?? defaults.description,
    color: (input.color as string | undefined) ?? (defaults.colors[0] as string),
    asset_tag: (input.asset_tag as string | undefined) ?? null,
    os,
    device_family: family,
  };
}

/** Checks a whole list: one bad or repeated serial rejects the lot, with a clear message. */
export function validateNewDevices(raw: unknown): NewDevicesValidation {
  if (!Array.isArray(raw) || raw.length === 0) {
    return { ok: false, message: 'devices must be a non-empty array' };
  }
  const devices: NewDevice[] = [];
  const seen = new Set<string>();
  for (const [index, item] of raw.entries()) {
    const device = readOne(item, index);
    if (typeof device === 'string') return { ok: false, message: device };
    if (seen.has(device.serial_number)) {
      return { ok: false, message: `serial ${device.serial_number} appears twice` };
    }
    seen.add(device.serial_number);
    devices.push(device);
  }
  return { ok: true, devices };
}
