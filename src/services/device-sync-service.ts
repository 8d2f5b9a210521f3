import { formatAppleDate } from '../domain/clock.js';
import {
  decodeCursor,
  encodeCursor,
  type CursorState,
  type FetchCursor,
} from '../domain/cursor.js';
import {
  admitFetchCursor,
  admitSyncCursor,
  readCursorText,
  readPageLimit,
  syncPositionOf,
  type Read,
} from '../domain/device-paging.js';
import { deviceRecord, type DeviceRecord } from '../domain/device-record.js';
import { viewDeviceRecord, viewSyncRecord } from '../domain/device-view.js';
import { AppleError } from '../errors/apple-codes.js';
import type { MdmServer } from '../storage/repository.js';
import type { ServiceContext } from './context.js';
import { cursorSecret } from './cursor-secret.js';

/** FetchDeviceResponse, the answer of both fetch and sync. */
export interface DevicePage {
  devices: DeviceRecord[];
  cursor: string;
  fetched_until: string;
  more_to_follow: boolean;
}

function valueOf<T>(read: Read<T>): T {
  if (!read.ok) throw new AppleError(read.code);
  return read.value;
}

function decodeOrRefuse(text: string, server: MdmServer, secret: Buffer): CursorState {
  const state = decodeCursor(text, server.server_uuid, secret);
  if (state === undefined) throw new AppleError('INVALID_CURSOR');
  return state;
}

/**
 * POST /server/devices: the server's devices as of the fetch's first page, `limit` a page.
 * The first page fixes the journal mark; later pages list devices that joined at or before
 * it, by keyset. Changes after the mark are left to the sync that follows.
 */
export async function fetchDevices(
  ctx: ServiceContext,
  server: MdmServer,
  body: Record<string, unknown>,
  protocolVersion: number,
): Promise<DevicePage> {
  const limit = valueOf(readPageLimit(body.limit));
  const text = valueOf(readCursorText(body.cursor));
  const repo = ctx.storage.repo;
  const secret = await cursorSecret(repo);
  const now = ctx.clock.now().getTime();

  let state: FetchCursor;
  if (text === undefined) {
    const mark = await repo.journal.highWater();
    state = { kind: 'fetch', issuedAt: now, since: now, mark, after: null, done: false };
  } else {
    const decoded = decodeOrRefuse(text, server, secret);
    const refusal = admitFetchCursor(decoded, now);
    if (refusal !== undefined || decoded.kind !== 'fetch') {
      throw new AppleError(refusal ?? 'EXHAUSTED_CURSOR');
    }
    state = decoded;
  }

  const rows = await repo.devices.fetchPage(server.server_uuid, state.mark, state.after, limit + 1);
  const page = rows.slice(0, limit);
  const more = rows.length > limit;
  const last = page[page.length - 1];
  const after =
    last === undefined
      ? state.after
      : { joinedSeq: last.joined_seq ?? 0, serial: last.serial_number };
  const next: FetchCursor = { ...state, issuedAt: now, after, done: !more };
  return {
    devices: page.map((device) => viewDeviceRecord(deviceRecord(device), protocolVersion)),
    cursor: encodeCursor(next, server.server_uuid, secret),
    fetched_until: formatAppleDate(new Date(state.since)),
    more_to_follow: more,
  };
}

/**
 * POST /devices/sync: the server's journal after the cursor, oldest first, `limit` a page.
 * Reads only this server's entries past the position (an index range), so a page costs what
 * it returns, whatever the size of the organization.
 */
export async function syncDevices(
  ctx: ServiceContext,
  server: MdmServer,
  body: Record<string, unknown>,
  protocolVersion: number,
): Promise<DevicePage> {
  const text = valueOf(readCursorText(body.cursor));
  const limit = valueOf(readPageLimit(body.limit));
  if (text === undefined) throw new AppleError('CURSOR_REQUIRED');
  const repo = ctx.storage.repo;
  const secret = await cursorSecret(repo);
  const now = ctx.clock.now().getTime();

  const state = decodeOrRefuse(text, server, secret);
  const refusal = admitSyncCursor(state, now);
  if (refusal !== undefined) throw new AppleError(refusal);

  const position = syncPositionOf(state);
  const events = await repo.journal.after(server.server_uuid, position, limit + 1);
  const page = events.slice(0, limit);
  const more = events.length > limit;
  const last = page[page.length - 1];
  const until = more && last !== undefined ? last.op_date : now;
  const next: CursorState = {
    kind: 'sync',
    issuedAt: now,
    since: until,
    position: last?.seq ?? position,
  };
  return {
    devices: page.map((event) =>
      viewSyncRecord(
        event.record as DeviceRecord,
        event.op_type,
        formatAppleDate(new Date(event.op_date)),
        protocolVersion,
      ),
    ),
    cursor: encodeCursor(next, server.server_uuid, secret),
    fetched_until: formatAppleDate(new Date(until)),
    more_to_follow: more,
  };
}
