/**
 * Every error code a client of Apple's DEP API can meet, each with its usual status and
 * meaning. The codes the emulator itself sends come from its catalogue, so the two never
 * disagree; the rest are codes Apple sends that opendep does not produce (yet).
 */
import { APPLE_ERRORS } from '../errors/apple-codes.js';

interface CodeEntry {
  readonly status: number;
  readonly meaning: string;
}

// Codes seen from Apple (or its simulator) that the emulator's catalogue lacks.
const CODES_ONLY_APPLE_SENDS = {
  ORG_NOT_SUPPORTED: {
    status: 400,
    meaning:
      'the organization cannot use this feature (account-driven enrollment, activation lock)',
  },
  MDM_SERVICE_DISCOVERY_URL_REQUIRED: { status: 400, meaning: 'mdm_service_discovery_url missing' },
  MDM_SERVICE_DISCOVERY_URL_NOT_VALID: {
    status: 400,
    meaning: 'mdm_service_discovery_url is not a valid HTTPS URL',
  },
  PROFILE_NOT_FOUND: { status: 400, meaning: 'legacy spelling of an unknown profile UUID' },
  TOO_MANY_REQUESTS: { status: 429, meaning: 'rate limited (seen from Apple’s simulator)' },
} as const satisfies Record<string, CodeEntry>;

/** Apple's error codes by name. The emulator's entries win where both list a code. */
export const DEP_ERROR_CODES = {
  ...CODES_ONLY_APPLE_SENDS,
  ...APPLE_ERRORS,
} as const satisfies Record<string, CodeEntry>;

/** One name per Apple error code, e.g. `'EXHAUSTED_CURSOR'`. */
export type DepErrorCode = keyof typeof DEP_ERROR_CODES;

/** True when `code` is one of the codes above (the server may send others). */
export function isKnownDepErrorCode(code: string): code is DepErrorCode {
  return Object.hasOwn(DEP_ERROR_CODES, code);
}

/** What a code means, or undefined for a code outside the catalogue. */
export function describeDepErrorCode(code: string): string | undefined {
  return isKnownDepErrorCode(code) ? DEP_ERROR_CODES[code].meaning : undefined;
}
