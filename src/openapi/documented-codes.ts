/**
 * Every error body dep-api.md names, with the status it comes with and where it is from.
 * `key` is the code's name in opendep's catalogue (src/errors/apple-codes.ts) when that
 * differs from the body.
 */
export interface DocumentedCode {
  code: string;
  status: string;
  source: string;
  key?: string;
  /** How opendep produces it, when not by an endpoint's own rules. */
  how?: string;
}

const ACCOUNT_STATE = 'control plane: account state';
const FAULT_RULE = 'control plane: fault rule (any status and body)';

export const DOCUMENTED_CODES: readonly DocumentedCode[] = [
  { code: 'UNAUTHORIZED', status: '401', source: '3.5' },
  { code: 'FORBIDDEN', status: '403', source: '3.5' },
  { code: 'T_C_NOT_SIGNED', status: '403', source: '3.5', how: ACCOUNT_STATE },
  { code: 'ACCESS_DENIED', status: '403', source: '3.5', how: ACCOUNT_STATE },
  { code: 'MALFORMED_REQUEST_BODY', status: '400', source: '3.5' },
  { code: 'USER_AGENT_MISSING', status: '400', source: '1' },
  { code: 'USER_AGENT_INVALID', status: '400', source: '1' },
  { code: '(empty body)', status: '405', source: '3.5', key: 'METHOD_NOT_ALLOWED' },
  { code: 'TOO_MANY_REQUESTS', status: '429', source: '1 (depsim)', how: FAULT_RULE },
  {
    code: 'oauth_problem=token_rejected',
    status: '401 / 403',
    source: '3.5 (observed)',
    key: 'TOKEN_REJECTED',
    how: `${ACCOUNT_STATE} token_revoked`,
  },
  {
    code: 'oauth_problem=signature_invalid',
    status: '403',
    source: '3.5 (observed)',
    how: FAULT_RULE,
  },
  {
    code: 'token_expired',
    status: '403',
    source: '3.5 (one client)',
    key: 'TOKEN_EXPIRED',
    how: `${ACCOUNT_STATE} token_expired`,
  },
  { code: 'CONFIG_NAME_INVALID', status: '400', source: '7.9' },
  { code: 'CONFIG_NAME_REQUIRED', status: '400', source: '7.9' },
  { code: 'CONFIG_URL_INVALID', status: '400', source: '7.9' },
  { code: 'CONFIG_URL_REQUIRED', status: '400', source: '7.9' },
  { code: 'DEPARTMENT_INVALID', status: '400', source: '7.9' },
  { code: 'FLAGS_INVALID', status: '400', source: '7.9' },
  { code: 'LOCALE_INVALID', status: '400', source: '7.9' },
  { code: 'MAGIC_INVALID', status: '400', source: '7.9' },
  { code: 'SUPPORT_EMAIL_INVALID', status: '400', source: '7.9' },
  { code: 'SUPPORT_PHONE_INVALID', status: '400', source: '7.9' },
  { code: 'DESCRIPTION_INVALID', status: '400', source: '6.1 (legacy)' },
  { code: 'PROFILE_UUID_REQUIRED', status: '400', source: '7.10, 7.11' },
  { code: 'NOT_FOUND', status: '404', source: '7.10, 7.11, 7.13' },
  { code: 'PROFILE_NOT_FOUND', status: '400 / 404', source: '7.10 (legacy)' },
  { code: 'DEVICE_ID_REQUIRED', status: '400', source: '7.5, 7.7, 7.11, 7.12' },
  { code: 'CURSOR_REQUIRED', status: '400', source: '7.3' },
  { code: 'INVALID_CURSOR', status: '400', source: '7.2, 7.3' },
  { code: 'EXHAUSTED_CURSOR', status: '400', source: '7.2, 7.3' },
  { code: 'EXPIRED_CURSOR', status: '400', source: '7.3, 8' },
  { code: 'DEVICE_NOT_FOUND', status: '400 / 404', source: '7.7' },
  { code: 'APPLE_SEED_FOR_IT_TURNED_OFF', status: '403', source: '7.8' },
  { code: 'MDM_SERVICE_DISCOVERY_URL_REQUIRED', status: '400', source: '7.13' },
  { code: 'MDM_SERVICE_DISCOVERY_URL_NOT_VALID', status: '400', source: '7.13' },
  { code: 'ORG_NOT_SUPPORTED', status: '400', source: '7.13' },
];

/** Advertised in GET /account `urls` but outside device enrollment (dep-api.md section 5). */
export const ADVERTISED_ONLY: readonly string[] = [
  'POST /roster/class',
  'POST /roster/class/sync',
  'POST /roster/class/person',
  'POST /roster/class/person/sync',
  'POST /roster/class/location',
  'POST /roster/class/location/sync',
  'POST /roster/course',
  'POST /roster/course/sync',
  'POST, GET /profile/tvprovider',
];
