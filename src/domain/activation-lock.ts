import type { AppleErrorCode } from '../errors/apple-codes.js';
import type { Device } from './device.js';

/** The outcomes Apple lists for "Activation Lock a Device". */
export type ActivationLockStatus =
  | 'SUCCESS'
  | 'NOT_ACCESSIBLE'
  | 'ORG_NOT_SUPPORTED'
  | 'DEVICE_NOT_SUPPORTED'
  | 'DEVICE_ALREADY_LOCKED'
  | 'FAILED';

export interface ActivationLockRequest {
  device: string;
  escrowKey: string | null;
  lostMessage: string | null;
}

/** A bypass code's escrow key: 32 bytes of PBKDF2 output in hex (Apple writes upper case). */
export const ESCROW_KEY_PATTERN = /^[0-9A-Fa-f]{64}$/;

/** Families with Activation Lock. Apple TV has none. */
const LOCKABLE_FAMILIES = new Set(['iPhone', 'iPad', 'iPod', 'Mac', 'Vision']);

function optionalText(value: unknown): string | null | undefined {
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'string' ? value : undefined;
}

/** The body's fields: `device` required (DEVICE_ID_REQUIRED), all strings or malformed. */
export function readActivationLockRequest(
  body: Record<string, unknown>,
): { ok: true; request: ActivationLockRequest } | { ok: false; code: AppleErrorCode } {
  const device = optionalText(body.device);
  // Absent or null locks to the server's creator; an empty string is a malformed key
  // (FAILED below), not the absence of one.
  const escrowKey = body.escrow_key === '' ? '' : optionalText(body.escrow_key);
  const lostMessage = optionalText(body.lost_message);
  if (device === undefined || escrowKey === undefined || lostMessage === undefined) {
    return { ok: false, code: 'MALFORMED_REQUEST_BODY' };
  }
  if (device === null) return { ok: false, code: 'DEVICE_ID_REQUIRED' };
  return { ok: true, request: { device, escrowKey, lostMessage } };
}

export interface LockSituation {
  device: Device | undefined;
  serverUuid: string;
  /** `v1` is a legacy Apple Deployment Programs organization; `v2` is ABM/ASM. */
  orgVersion: string;
  alreadyLocked: boolean;
  escrowKey: string | null;
}

/**
 * The outcome, first match wins: a legacy organization cannot lock at all; the device must
 * be this server's; it must be a kind that has Activation Lock; a given escrow key must be
 * 64 hex digits (else FAILED: Apple lists no code for it); a device locks once.
 */
export function decideActivationLock(situation: LockSituation): ActivationLockStatus {
  const { device } = situation;
  if (situation.orgVersion === 'v1') return 'ORG_NOT_SUPPORTED';
  if (device === undefined || device.server_uuid !== situation.serverUuid) {
    return 'NOT_ACCESSIBLE';
  }
  if (!LOCKABLE_FAMILIES.has(device.device_family)) return 'DEVICE_NOT_SUPPORTED';
  if (situation.escrowKey !== null && !ESCROW_KEY_PATTERN.test(situation.escrowKey)) {
    return 'FAILED';
  }
  return situation.alreadyLocked ? 'DEVICE_ALREADY_LOCKED' : 'SUCCESS';
}
