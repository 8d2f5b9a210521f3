/**
 * Apple's endpoints (dep-api.md section 5), each with the schemas opendep attaches to its
 * route and the error codes Apple documents for it. The routes carry these schemas; the
 * OpenAPI document and docs/coverage.md are generated from them.
 */
import {
  accountDetail,
  cursorRequest,
  device,
  devicePage,
  profile,
  serialList,
  statusMap,
} from './apple-objects.js';
import type { JsonSchema } from './control-schemas.js';

export interface AppleEndpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  /** Error codes Apple documents (or clients observed) for this endpoint. */
  errors: readonly string[];
  body?: JsonSchema;
  querystring?: JsonSchema;
  ok?: JsonSchema;
}

/** Every endpoint but /session answers these (dep-api.md section 3.5). */
export const SESSION_LAYER_ERRORS = [
  'UNAUTHORIZED',
  'FORBIDDEN',
  'T_C_NOT_SIGNED',
  'ACCESS_DENIED',
  'MALFORMED_REQUEST_BODY',
  'USER_AGENT_MISSING',
  'USER_AGENT_INVALID',
] as const;

const DEFINE_ERRORS = [
  'CONFIG_NAME_INVALID',
  'CONFIG_NAME_REQUIRED',
  'CONFIG_URL_INVALID',
  'CONFIG_URL_REQUIRED',
  'DEPARTMENT_INVALID',
  'FLAGS_INVALID',
  'LOCALE_INVALID',
  'MAGIC_INVALID',
  'SUPPORT_EMAIL_INVALID',
  'SUPPORT_PHONE_INVALID',
];

const assign: Omit<AppleEndpoint, 'method'> = {
  path: '/profile/devices',
  summary: 'Assign a profile',
  errors: ['DEVICE_ID_REQUIRED', 'PROFILE_UUID_REQUIRED', 'NOT_FOUND'],
  body: {
    type: 'object',
    properties: { profile_uuid: { type: 'string' }, devices: serialList },
  },
  ok: {
    type: 'object',
    properties: {
      profile_uuid: { type: 'string' },
      devices: statusMap,
      retry_after_seconds: { type: 'integer', description: 'protocol 10+' },
    },
  },
};

const ade = '/account-driven-enrollment/profile';
const ADE_ERRORS = ['MDM_SERVICE_DISCOVERY_URL_REQUIRED', 'MDM_SERVICE_DISCOVERY_URL_NOT_VALID'];

export const APPLE_ENDPOINTS: readonly AppleEndpoint[] = [
  {
    method: 'GET',
    path: '/session',
    summary: 'Get a session (OAuth 1.0a HMAC-SHA1, realm ADM)',
    errors: ['BAD_REQUEST', 'UNAUTHORIZED', 'ACCESS_DENIED', 'T_C_NOT_SIGNED', 'FORBIDDEN'],
    ok: { type: 'object', properties: { auth_session_token: { type: 'string' } } },
  },
  { method: 'GET', path: '/account', summary: 'Get account detail', errors: [], ok: accountDetail },
  {
    method: 'POST',
    path: '/server/devices',
    summary: 'Fetch devices',
    errors: ['INVALID_CURSOR', 'EXHAUSTED_CURSOR', 'EXPIRED_CURSOR'],
    body: cursorRequest,
    ok: devicePage,
  },
  {
    method: 'POST',
    path: '/devices/sync',
    summary: 'Sync devices',
    errors: ['CURSOR_REQUIRED', 'INVALID_CURSOR', 'EXHAUSTED_CURSOR', 'EXPIRED_CURSOR'],
    body: cursorRequest,
    ok: devicePage,
  },
  {
    method: 'POST',
    path: '/devices',
    summary: 'Get device details',
    errors: ['DEVICE_ID_REQUIRED'],
    body: { type: 'object', properties: { devices: serialList } },
    ok: {
      type: 'object',
      properties: { devices: { type: 'object', additionalProperties: device } },
    },
  },
  {
    method: 'POST',
    path: '/devices/disown',
    summary: 'Disown devices',
    errors: ['DEVICE_ID_REQUIRED'],
    body: { type: 'object', properties: { devices: serialList } },
    ok: { type: 'object', properties: { devices: statusMap } },
  },
  {
    method: 'POST',
    path: '/device/activationlock',
    summary: 'Activation Lock a device',
    errors: ['DEVICE_ID_REQUIRED'],
    body: {
      type: 'object',
      properties: {
        device: { type: 'string' },
        escrow_key: { type: 'string' },
        lost_message: { type: 'string' },
      },
    },
    ok: {
      type: 'object',
      properties: { serial_number: { type: 'string' }, response_status: { type: 'string' } },
    },
  },
  {
    method: 'GET',
    path: '/device/replacementDetails',
    summary: 'Get replacement details (protocol 10+)',
    errors: ['DEVICE_ID_REQUIRED', 'DEVICE_NOT_FOUND'],
    querystring: { type: 'object', properties: { device: { type: 'string' } } },
    ok: {
      type: 'object',
      properties: {
        serial_number: { type: 'string' },
        original_device_serial_number: { type: 'string' },
        replacement_date: { type: 'string', format: 'date' },
      },
    },
  },
  {
    method: 'GET',
    path: '/os-beta-enrollment/tokens',
    summary: 'Get beta enrollment tokens',
    errors: ['APPLE_SEED_FOR_IT_TURNED_OFF'],
    ok: {
      type: 'object',
      properties: {
        betaEnrollmentTokens: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              token: { type: 'string' },
              title: { type: 'string' },
              os: { type: 'string' },
            },
          },
        },
      },
    },
  },
  {
    method: 'POST',
    path: '/profile',
    summary: 'Define a profile',
    errors: DEFINE_ERRORS,
    body: { ...profile, properties: { ...(profile.properties as object), devices: serialList } },
    ok: {
      type: 'object',
      properties: { profile_uuid: { type: 'string' }, devices: statusMap },
    },
  },
  {
    method: 'GET',
    path: '/profile',
    summary: 'Get a profile',
    errors: ['PROFILE_UUID_REQUIRED', 'NOT_FOUND'],
    querystring: { type: 'object', properties: { profile_uuid: { type: 'string' } } },
    ok: {
      ...profile,
      properties: { ...(profile.properties as object), profile_uuid: { type: 'string' } },
    },
  },
  { ...assign, method: 'POST' },
  { ...assign, method: 'PUT', summary: 'Assign a profile (legacy method)' },
  {
    method: 'DELETE',
    path: '/profile/devices',
    summary: 'Remove a profile',
    errors: ['DEVICE_ID_REQUIRED'],
    body: {
      type: 'object',
      properties: { devices: serialList, profile_uuid: { type: 'string' } },
    },
    ok: { type: 'object', properties: { devices: statusMap } },
  },
  {
    method: 'POST',
    path: ade,
    summary: 'Set the account-driven enrollment service discovery URL',
    errors: [...ADE_ERRORS, 'ORG_NOT_SUPPORTED'],
    body: { type: 'object', properties: { mdm_service_discovery_url: { type: 'string' } } },
  },
  {
    method: 'GET',
    path: ade,
    summary: 'Get the account-driven enrollment service discovery URL',
    errors: ['NOT_FOUND', 'ORG_NOT_SUPPORTED'],
    ok: {
      type: 'object',
      properties: {
        mdm_service_discovery_url: { type: 'string' },
        last_updated_timestamp: { type: 'string', format: 'date-time' },
      },
    },
  },
  {
    method: 'DELETE',
    path: ade,
    summary: 'Remove the account-driven enrollment service discovery URL',
    errors: [],
  },
];

export function endpointKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

const BY_KEY = new Map(APPLE_ENDPOINTS.map((e) => [endpointKey(e.method, e.path), e]));

export function appleEndpoint(method: string, path: string): AppleEndpoint | undefined {
  return BY_KEY.get(endpointKey(method, path));
}

/** The Fastify route schema of an Apple endpoint: documentation; Apple's codes validate. */
export function appleRouteSchema(endpoint: AppleEndpoint): JsonSchema {
  const errors = endpoint.path === '/session' ? [] : SESSION_LAYER_ERRORS;
  return {
    tags: ['Apple'],
    summary: endpoint.summary,
    'x-apple-errors': [...new Set([...errors, ...endpoint.errors])],
    ...(endpoint.body === undefined ? {} : { body: endpoint.body }),
    ...(endpoint.querystring === undefined ? {} : { querystring: endpoint.querystring }),
    response: {
      200: endpoint.ok ?? { description: 'empty body' },
      '4xx': { type: 'string', description: "Apple's bare error code (text/plain)" },
    },
  };
}
