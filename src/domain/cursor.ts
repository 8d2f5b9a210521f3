import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a cursor remembers. Both kinds carry `issuedAt` (when the cursor was handed out,
 * for EXPIRED_CURSOR) and `since` (the point in time the listing is complete up to, for
 * `fetched_until`). Times are epoch milliseconds; `seq` values are journal positions.
 */
export type CursorState = FetchCursor | SyncCursor;

export interface FetchCursor {
  kind: 'fetch';
  issuedAt: number;
  since: number;
  /** The journal's high-water mark when the fetch began: sync resumes after it. */
  mark: number;
  /** The key of the last device listed (fetch order is joined_seq, then serial). */
  after: { joinedSeq: number; serial: string } | null;
  /** True once the last page was served: fetch answers EXHAUSTED_CURSOR, sync goes on. */
  done: boolean;
}

export interface SyncCursor {
  kind: 'sync';
  issuedAt: number;
  since: number;
  /** The last journal position served to this server. */
  position: number;
}

/** Apple documents cursors of at most 1000 characters. */
export const MAX_CURSOR_LENGTH = 1000;
const VERSION = '1';
const MAC_BYTES = 16;
const INTEGER = /^(0|[1-9]\d{0,14})$/;

function mac(secret: Buffer, serverUuid: string, payload: string): Buffer {
  const hmac = createHmac('sha256', secret).update(`${serverUuid}\n${payload}`);
  return hmac.digest().subarray(0, MAC_BYTES);
}

function fieldsOf(state: CursorState): string[] {
  const common = [String(state.issuedAt), String(state.since)];
  if (state.kind === 'sync') return [VERSION, 'S', ...common, String(state.position)];
  const after = state.after;
  return [
    VERSION,
    'F',
    ...common,
    String(state.mark),
    after === null ? '' : String(after.joinedSeq),
    after === null ? '' : encodeURIComponent(after.serial),
    state.done ? '1' : '0',
  ];
}

/**
 * An opaque cursor: unpadded base64url of colon-separated fields followed by a truncated
 * HMAC-SHA256 over the fields and the MDM server it was issued to, so it cannot be altered,
 * forged, or used by another server.
 */
export function encodeCursor(state: CursorState, serverUuid: string, secret: Buffer): string {
  const payload = fieldsOf(state).join(':');
  const tag = mac(secret, serverUuid, payload).toString('base64url');
  return Buffer.from(`${payload}:${tag}`, 'utf8').toString('base64url');
}

function integerField(text: string | undefined): number | undefined {
  return text !== undefined && INTEGER.test(text) ? Number(text) : undefined;
}

function parseFields(fields: readonly string[]): CursorState | undefined {
  const [version, kind, issued, since, ...rest] = fields;
  const issuedAt = integerField(issued);
  const sinceMs = integerField(since);
  if (version !== VERSION || issuedAt === undefined || sinceMs === undefined) return undefined;

  if (kind === 'S' && rest.length === 1) {
    const position = integerField(rest[0]);
    if (position === undefined) return undefined;
    return { kind: 'sync', issuedAt, since: sinceMs, position };
  }
  if (kind !== 'F' || rest.length !== 4) return undefined;
  const [markText, joinedText, serialText, doneText] = rest;
  const mark = integerField(markText);
  if (mark === undefined || (doneText !== '0' && doneText !== '1')) return undefined;
  let after: FetchCursor['after'] = null;
  if (joinedText !== '' || serialText !== '') {
    const joinedSeq = integerField(joinedText);
    if (joinedSeq === undefined || serialText === undefined) return undefined;
    after = { joinedSeq, serial: decodeURIComponent(serialText) };
  }
  return { kind: 'fetch', issuedAt, since: sinceMs, mark, after, done: doneText === '1' };
}

/**
 * The state inside `cursor` if this server was issued exactly this string; undefined for
 * anything else (changed, truncated, forged, another server's). Never throws.
 */
export function decodeCursor(
  cursor: string,
  serverUuid: string,
  secret: Buffer,
): CursorState | undefined {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) return undefined;
  try {
    const bytes = Buffer.from(cursor, 'base64url');
    // Node skips characters outside the alphabet; only the canonical spelling is ours.
    if (bytes.toString('base64url') !== cursor) return undefined;
    const text = bytes.toString('utf8');
    const split = text.lastIndexOf(':');
    if (split < 0) return undefined;
    const payload = text.slice(0, split);
    // Compared as text: decoding the tag first would forgive stray characters.
    const given = Buffer.from(text.slice(split + 1), 'utf8');
    const expected = Buffer.from(mac(secret, serverUuid, payload).toString('base64url'), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return parseFields(payload.split(':'));
  } catch {
    return undefined;
  }
}
