import { randomSeed } from './seeded-draw.js';
import type { FaultRule } from './fault-rule.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A body per status when the rule names none: the status's own name, Apple-style. */
export const DEFAULT_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: '',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

const METHODS = new Set(['*', 'GET', 'POST', 'PUT', 'DELETE']);
const CODE = /^[\x20-\x7e]{0,200}$/;
const MAX_RETRY_AFTER = 7 * 86400;

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}

function optionalInteger(value: unknown, min: number, max: number): number | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return undefined;
  }
  return value;
}

function readPath(value: unknown): string | undefined {
  if (value === undefined) return '*';
  if (typeof value !== 'string' || value === '') return undefined;
  if (value === '*') return value;
  if (!value.startsWith('/') || value.startsWith('/_opendep') || /[?#\s]/.test(value)) {
    return undefined;
  }
  return value;
}

function readOptionalText(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A fault rule from control-plane JSON: `{method?, path?, server_uuid?, serial?, status,
 * code?, retry_after?, new_session?, times?, probability?, seed?}`.
 */
export function parseFaultRule(
  body: Record<string, unknown>,
  id: string,
  now: number,
): Parsed<FaultRule> {
  const method = body.method === undefined ? '*' : body.method;
  if (typeof method !== 'string' || !METHODS.has(method.toUpperCase())) {
    return fail('method must be GET, POST, PUT, DELETE or *');
  }
  const path = readPath(body.path);
  if (path === undefined) return fail('path must be an Apple path, a prefix ending in *, or *');
  const serverUuid = readOptionalText(body.server_uuid);
  if (serverUuid === undefined) return fail('server_uuid must be a non-empty string');
  const serial = readOptionalText(body.serial);
  if (serial === undefined) return fail('serial must be a non-empty string');

  const status = optionalInteger(body.status, 400, 599);
  if (status === undefined || status === null) return fail('status must be from 400 to 599');
  const code = body.code === undefined ? (DEFAULT_CODES[status] ?? '') : body.code;
  if (typeof code !== 'string' || !CODE.test(code)) {
    return fail('code must be printable ASCII, at most 200 characters');
  }
  const retryAfter = optionalInteger(body.retry_after, 0, MAX_RETRY_AFTER);
  if (retryAfter === undefined) return fail(`retry_after must be 0 to ${MAX_RETRY_AFTER} seconds`);
  if (body.new_session !== undefined && typeof body.new_session !== 'boolean') {
    return fail('new_session must be true or false');
  }

  const times = optionalInteger(body.times, 1, 1_000_000_000);
  if (times === undefined) return fail('times must be a positive whole number');
  const probability = body.probability ?? null;
  if (probability !== null && (typeof probability !== 'number' || !(probability > 0))) {
    return fail('probability must be a number above 0 and at most 1');
  }
  if (probability !== null && probability > 1) return fail('probability must be at most 1');
  const seed = optionalInteger(body.seed, 0, 2 ** 31 - 1);
  if (seed === undefined) return fail('seed must be a whole number from 0 to 2^31-1');

  const rule: FaultRule = {
    id,
    method: method.toUpperCase(),
    path,
    serverUuid,
    serial,
    status,
    code,
    retryAfterSeconds: retryAfter,
    newSession: body.new_session === true,
    remaining: times,
    probability,
    seed: seed ?? randomSeed(),
    createdAt: now,
  };
  return { ok: true, value: rule };
}

/** The rule as the control plane shows it. */
export function faultRuleJson(rule: FaultRule, fired: number): Record<string, unknown> {
  return {
    id: rule.id,
    method: rule.method,
    path: rule.path,
    server_uuid: rule.serverUuid,
    serial: rule.serial,
    status: rule.status,
    code: rule.code,
    retry_after: rule.retryAfterSeconds,
    new_session: rule.newSession,
    remaining: rule.remaining,
    probability: rule.probability,
    seed: rule.seed,
    fired,
    created_at: new Date(rule.createdAt).toISOString(),
  };
}
