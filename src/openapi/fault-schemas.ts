/**
 * JSON Schemas of the control plane's fault routes: rules, account states, sessions, device
 * outcomes, cursor quirks, switches. The routes validate their input with them.
 */
import { ACCOUNT_STATES } from '../faults/account-state.js';
import { QUIRK_ENDPOINTS } from '../faults/cursor-quirk.js';
import { DEVICE_OPERATIONS, FORCED_OUTCOMES } from '../faults/device-outcome-rule.js';
import {
  duration,
  idParam,
  nullableInteger,
  nullableString,
  route,
  type JsonSchema,
} from './schema-kit.js';

export const faultRuleOut: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    method: { type: 'string' },
    path: { type: 'string' },
    server_uuid: nullableString,
    serial: nullableString,
    status: { type: 'integer' },
    code: { type: 'string' },
    retry_after: nullableInteger,
    new_session: { type: 'boolean' },
    remaining: nullableInteger,
    probability: { type: ['number', 'null'] },
    seed: { type: 'integer' },
    fired: { type: 'integer' },
    created_at: { type: 'string', format: 'date-time' },
  },
};

export const FAULT_SCHEMAS = {
  listFaults: route('List fault rules', {
    ok: { type: 'object', properties: { rules: { type: 'array', items: faultRuleOut } } },
  }),
  addFault: route(
    'Add a fault rule',
    {
      body: {
        type: 'object',
        required: ['status'],
        properties: {
          method: { enum: ['*', 'GET', 'POST', 'PUT', 'DELETE'] },
          path: { type: 'string', description: 'exact path, prefix ending in *, or *' },
          server_uuid: { type: 'string' },
          serial: { type: 'string' },
          status: { type: 'integer', minimum: 400, maximum: 599 },
          code: { type: 'string', maxLength: 200 },
          retry_after: { type: 'integer', minimum: 0 },
          new_session: { type: 'boolean' },
          times: { type: 'integer', minimum: 1 },
          probability: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
          seed: { type: 'integer', minimum: 0 },
        },
      },
      ok: faultRuleOut,
    },
    201,
  ),
  removeFault: route('Remove a fault rule', { params: idParam }, 204),
  clearFaults: route('Remove every fault rule', {}, 204),

  listAccountStates: route('List account and token states', {
    ok: {
      type: 'object',
      properties: { states: { type: 'array', items: { type: 'object' } } },
    },
  }),
  setAccountState: route('Put a server or organization in an account or token state', {
    body: {
      type: 'object',
      required: ['state'],
      properties: {
        state: { enum: [...ACCOUNT_STATES] },
        server_uuid: { type: 'string' },
        org_id: { type: 'string' },
        variant: { type: 'string' },
      },
    },
    ok: { type: 'object' },
  }),
  clearAccountStates: route(
    'Clear account states (all, or of a state / server / organization)',
    {
      querystring: {
        type: 'object',
        properties: {
          state: { enum: [...ACCOUNT_STATES] },
          server_uuid: { type: 'string' },
          org_id: { type: 'string' },
        },
      },
    },
    204,
  ),
  invalidateSessions: route("End all of a server's sessions", {
    body: {
      type: 'object',
      required: ['server_uuid'],
      properties: {
        server_uuid: { type: 'string' },
        how: { enum: ['expire', 'forget'], description: 'expire: 401; forget: 403 FORBIDDEN' },
      },
    },
    ok: { type: 'object', properties: { sessions: { type: 'integer' } } },
  }),

  listDeviceOutcomes: route('List per-device outcome marks', {
    ok: { type: 'object', properties: { outcomes: { type: 'array', items: { type: 'object' } } } },
  }),
  addDeviceOutcomes: route(
    'Mark serials to answer FAILED, THROTTLED or NOT_ACCESSIBLE',
    {
      body: {
        type: 'object',
        required: ['serials', 'outcome'],
        properties: {
          serials: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          outcome: { enum: [...FORCED_OUTCOMES] },
          operations: {
            type: 'array',
            minItems: 1,
            items: { enum: [...DEVICE_OPERATIONS] },
          },
          calls: { type: 'integer', minimum: 1 },
          duration,
          retry_after: { type: 'integer', minimum: 1 },
        },
      },
      ok: { type: 'object', properties: { outcomes: { type: 'array' } } },
    },
    201,
  ),
  clearDeviceOutcomes: route(
    'Remove outcome marks (all, or of a serial)',
    { querystring: { type: 'object', properties: { serial: { type: 'string' } } } },
    204,
  ),
  removeDeviceOutcome: route('Remove one outcome mark', { params: idParam }, 204),

  listCursorQuirks: route('List cursor quirks', {
    ok: { type: 'object', properties: { quirks: { type: 'array' } } },
  }),
  addCursorQuirk: route(
    'Answer cursors with the same cursor and more_to_follow: true',
    {
      body: {
        type: 'object',
        properties: {
          server_uuid: { type: 'string' },
          endpoint: { enum: [...QUIRK_ENDPOINTS] },
          pages: { type: 'integer', minimum: 1 },
        },
      },
      ok: { type: 'object' },
    },
    201,
  ),
  clearCursorQuirks: route('Remove every cursor quirk', {}, 204),
  removeCursorQuirk: route('Remove one cursor quirk', { params: idParam }, 204),

  getSettings: route('Error body style and move journaling', {
    ok: {
      type: 'object',
      properties: { error_style: { enum: ['bare', 'quoted'] }, apple_moves: { type: 'boolean' } },
    },
  }),
  setSettings: route('Change the error body style or move journaling', {
    body: {
      type: 'object',
      properties: {
        error_style: { enum: ['bare', 'quoted'] },
        apple_moves: { type: 'boolean' },
      },
    },
    ok: { type: 'object' },
  }),
} satisfies Record<string, JsonSchema>;
