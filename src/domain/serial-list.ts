import type { Read } from './device-paging.js';
import { readSerialList } from './profile-validation.js';

/**
 * The `devices` list of a device request (assign, remove, details, disown): missing or
 * empty is DEVICE_ID_REQUIRED, anything but a list of strings is malformed.
 */
export function readDeviceList(body: Record<string, unknown>): Read<string[]> {
  const read = readSerialList(body.devices);
  if (!read.ok) return { ok: false, code: read.code };
  if (read.serials.length === 0) return { ok: false, code: 'DEVICE_ID_REQUIRED' };
  return { ok: true, value: read.serials };
}
