/**
 * The vocabulary of Apple's Device Assignment Services errors, in one place.
 *
 * Each code is sent as the whole response body (bare, not JSON) with its status.
 * Per-device statuses (SUCCESS, NOT_ACCESSIBLE, ...) are not errors and live in
 * the domain modules that produce them.
 */
export const APPLE_ERRORS = {
  // Session layer (every endpoint but /session)
  UNAUTHORIZED: {
    status: 401,
    meaning: 'session expired; or (on /session) bad key, token, signature or nonce',
  },
  FORBIDDEN: { status: 403, meaning: 'session token unknown or invalid' },
  T_C_NOT_SIGNED: { status: 403, meaning: 'organization has not accepted the latest terms' },
  ACCESS_DENIED: { status: 403, meaning: 'the server token lacks access' },
  MALFORMED_REQUEST_BODY: { status: 400, meaning: 'request body is not a JSON object' },
  USER_AGENT_MISSING: { status: 400, meaning: 'no User-Agent header' },
  USER_AGENT_INVALID: { status: 400, meaning: 'User-Agent is on the deny-list' },

  // OAuth layer of GET /session
  // Apple documents these statuses but no body; we send the status name as the code.
  BAD_REQUEST: { status: 400, meaning: 'OAuth parameter missing, duplicated or unsupported' },

  // Define / get / assign / remove a profile
  CONFIG_NAME_REQUIRED: { status: 400, meaning: 'profile_name missing' },
  CONFIG_NAME_INVALID: { status: 400, meaning: 'profile_name empty or over 125 characters' },
  CONFIG_URL_REQUIRED: { status: 400, meaning: 'url missing' },
  CONFIG_URL_INVALID: {
    status: 400,
    meaning: 'url empty, over 2000 encoded characters, or not an absolute URI',
  },
  DEPARTMENT_INVALID: { status: 400, meaning: 'department empty or over 125 characters' },
  FLAGS_INVALID: { status: 400, meaning: 'is_mdm_removable false without is_supervised true' },
  LOCALE_INVALID: { status: 400, meaning: 'language / region not valid ISO codes' },
  MAGIC_INVALID: { status: 400, meaning: 'org_magic empty or over 256 characters' },
  SUPPORT_EMAIL_INVALID: {
    status: 400,
    meaning: 'support_email_address empty or over 250 characters',
  },
  SUPPORT_PHONE_INVALID: {
    status: 400,
    meaning: 'support_phone_number empty or over 50 characters',
  },
  PROFILE_UUID_REQUIRED: { status: 400, meaning: 'profile_uuid missing' },
  DEVICE_ID_REQUIRED: { status: 400, meaning: 'no serial numbers in the request' },
  NOT_FOUND: {
    status: 404,
    meaning: 'no such profile for this MDM server; replacementDetails below version 10',
  },

  // Devices and cursors
  CURSOR_REQUIRED: { status: 400, meaning: 'sync needs a cursor' },
  INVALID_CURSOR: {
    status: 400,
    meaning: 'cursor altered, forged, or issued to another MDM server (or before a reset)',
  },
  EXHAUSTED_CURSOR: { status: 400, meaning: 'fetch already completed; sync with this cursor' },
  EXPIRED_CURSOR: { status: 400, meaning: 'cursor older than 7 days; fetch again' },
  DEVICE_NOT_FOUND: { status: 400, meaning: 'device is not a replacement device' },
  APPLE_SEED_FOR_IT_TURNED_OFF: { status: 403, meaning: 'AppleSeed for IT is off' },

  // Token refusals on /session seen in production (control-plane states; bodies uncertain)
  TOKEN_REJECTED: { status: 401, meaning: 'server token revoked or replaced (oauth_problem)' },
  TOKEN_REJECTED_403: { status: 403, meaning: 'as TOKEN_REJECTED, the 403 variant observed' },
  TOKEN_EXPIRED: { status: 403, meaning: 'server token expired (oauth_problem variant)' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type AppleErrorCode = keyof typeof APPLE_ERRORS;

/**
 * A request that ends in one of Apple's error codes. Routes throw or return it and the
 * HTTP layer turns it into `status` + bare `body`.
 */
export class AppleError extends Error {
  readonly status: number;
  readonly body: string;

  constructor(code: AppleErrorCode, body: string = code) {
    super(code);
    this.name = 'AppleError';
    this.status = APPLE_ERRORS[code].status;
    this.body = body;
  }
}
