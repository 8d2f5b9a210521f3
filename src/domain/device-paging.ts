import type { AppleErrorCode } from '../errors/apple-codes.js';
import type { CursorState } from './cursor.js';

/**
 * Page sizes of fetch and sync, advertised in GET /account. Apple's pages say default 100,
 * its account `urls` and real cursors say 1000; we follow what the service advertises.
 */
export const DEVICE_PAGE_LIMIT = { default: 1000, maximum: 1000 } as const;

/** Sync answers EXPIRED_CURSOR for cursors handed out more than 7 days ago. */
export const CURSOR_LIFETIME_MS = 7 * 24 * 3600 * 1000;

export type Read<T> = { ok: true; value: T } | { ok: false; code: AppleErrorCode };

/**
 * `limit` from a request body. Absent, null, zero or negative means the default (nanodep
 * sends 0 for "server default"); a fraction is cut to its whole part first; anything above
 * the maximum is lowered to it. A value that is not a JSON number is malformed.
 */
export function readPageLimit(raw: unknown): Read<number> {
  if (raw === undefined || raw === null) return { ok: true, value: DEVICE_PAGE_LIMIT.default };
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    return { ok: false, code: 'MALFORMED_REQUEST_BODY' };
  }
  const whole = Math.trunc(raw);
  if (whole < 1) return { ok: true, value: DEVICE_PAGE_LIMIT.default };
  return { ok: true, value: Math.min(whole, DEVICE_PAGE_LIMIT.maximum) };
}

/** `cursor` from a request body: a string, or undefined when absent, null or empty. */
export function readCursorText(raw: unknown): Read<string | undefined> {
  if (raw === undefined || raw === null || raw === '') return { ok: true, value: undefined };
  if (typeof raw !== 'string') return { ok: false, code: 'MALFORMED_REQUEST_BODY' };
  return { ok: true, value: raw };
}

function isExpired(state: CursorState, now: number): boolean {
  return now - state.issuedAt > CURSOR_LIFETIME_MS;
}

/**
 * Whether fetch may continue from a decoded cursor: a finished fetch (or any sync cursor,
 * which descends from one) is EXHAUSTED_CURSOR, so the client moves on to sync; an
 * unfinished one older than 7 days is EXPIRED_CURSOR.
 */
export function admitFetchCursor(state: CursorState, now: number): AppleErrorCode | undefined {
  if (state.kind === 'sync' || state.done) return 'EXHAUSTED_CURSOR';
  return isExpired(state, now) ? 'EXPIRED_CURSOR' : undefined;
}

/** Sync takes any cursor of this server younger than 7 days. */
export function admitSyncCursor(state: CursorState, now: number): AppleErrorCode | undefined {
  return isExpired(state, now) ? 'EXPIRED_CURSOR' : undefined;
}

/** The journal position sync resumes after. */
export function syncPositionOf(state: CursorState): number {
  return state.kind === 'sync' ? state.position : state.mark;
}
