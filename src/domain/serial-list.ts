import type { Read } from './device-paging.js';
import { readSerialList } from './profile-validation.js';

/**
 * The `devices` list of a device request (assign, remove, details, disown): anything but a
 * list of strings is malformed; blank serials (empty or spaces) name no device and are
 * dropped, so the answer has no `""` key; missing, empty or all blank is DEVICE_ID_REQUIRED.
 */
export function readDeviceList(body: Record<string, unknown>): Read<string[]> {
  const read = readSerialList(body.devices);
  if (!read.ok) return { ok: false, code: read.code };
  const serials = read.serials.filter((serial) => serial.trim() !== '');
  if (serials.length === 0) return { ok: false, code: 'DEVICE_ID_REQUIRED' };
  return { ok: true, value: serials };
}
