/** JSON Schemas of the control plane's clock, request log and state routes. */
import { SNAPSHOT_TABLES } from '../control/snapshot-store.js';
import { duration, nullableString, route, type JsonSchema } from './schema-kit.js';

const clockOut: JsonSchema = {
  type: 'object',
  properties: {
    now: { type: 'string', format: 'date-time' },
    real_time: { type: 'boolean' },
    frozen: { type: 'boolean' },
    offset_seconds: { type: 'number' },
  },
};

const logEntry: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    time: { type: 'string', format: 'date-time' },
    method: { type: 'string' },
    path: { type: 'string' },
    query: { type: 'object', additionalProperties: { type: 'string' } },
    server_uuid: nullableString,
    status: { type: 'integer' },
    code: nullableString,
    latency_ms: { type: 'number' },
    fault_id: nullableString,
    request_body: {},
    response_body: {},
  },
};

const snapshot: JsonSchema = {
  type: 'object',
  required: ['opendep_snapshot', 'tables'],
  properties: {
    opendep_snapshot: { const: 1 },
    exported_at: { type: 'string' },
    tables: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        Object.keys(SNAPSHOT_TABLES).map((name) => [
          name,
          {
            type: 'array',
            items: {
              type: 'object',
              // Not typed here: the validator would coerce null to "" on the way.
              additionalProperties: { description: 'a string, number, boolean or null' },
            },
          },
        ]),
      ),
    },
  },
};

export const TOOL_SCHEMAS = {
  getClock: route("Read the emulator's clock", { ok: clockOut }),
  moveClock: route('Set, advance, freeze or resume the clock', {
    body: {
      type: 'object',
      properties: {
        set: { type: 'string', format: 'date-time' },
        advance: duration,
        freeze: { type: 'boolean' },
        resume: { type: 'boolean' },
      },
    },
    ok: clockOut,
  }),
  resetClock: route('Back to real time', { ok: clockOut }),

  queryLog: route('Requests to Apple paths and their answers', {
    querystring: {
      type: 'object',
      properties: {
        path: { type: 'string' },
        method: { type: 'string' },
        server: { type: 'string' },
        status: { type: 'string', pattern: '^([1-5]xx|[1-5][0-9][0-9])$' },
        since: { type: 'string', format: 'date-time' },
        since_id: { type: 'integer', minimum: 0 },
        limit: { type: 'integer', minimum: 1 },
      },
    },
    ok: {
      type: 'object',
      properties: {
        entries: { type: 'array', items: logEntry },
        last_id: { type: 'integer' },
        size: { type: 'integer' },
        bodies: { type: 'boolean' },
      },
    },
  }),
  clearLog: route('Empty the request log', {}, 204),
  configureLog: route('Change the request log size or body logging', {
    body: {
      type: 'object',
      properties: {
        size: { type: 'integer', minimum: 1, maximum: 1_000_000 },
        bodies: { type: 'boolean' },
      },
    },
    ok: { type: 'object' },
  }),

  exportState: route('Export the whole state as JSON', { ok: snapshot }),
  importState: route('Replace the whole state with a snapshot', { body: snapshot }, 204),
  resetState: route('Reset the state to empty or to the seed', {
    body: { type: 'object', properties: { to: { enum: ['empty', 'seed'] } } },
    ok: { type: 'object' },
  }),
} satisfies Record<string, JsonSchema>;
