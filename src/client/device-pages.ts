/**
 * The device listing dance every DEP client has to get right, as an async generator:
 *
 * - fetch (`POST /server/devices`) from the given cursor, or from none, page by page;
 * - EXHAUSTED_CURSOR from fetch means that fetch already finished: carry on with sync
 *   (`POST /devices/sync`) from the same cursor;
 * - INVALID_CURSOR or EXPIRED_CURSOR: forget the cursor and fetch from scratch (once;
 *   a server that refuses its own fresh cursors would otherwise keep us busy forever);
 * - the same cursor back with `more_to_follow: true` is a known server loop: hand over
 *   that page, then stop with CursorLoopError.
 *
 * Each page is yielded with the cursor to store; the generator does not ask for the next
 * page until the caller takes it, so a cursor is never ahead of what the caller has.
 */
import { CursorLoopError, DepProtocolError, isDepError } from './errors.js';
import type { DepLogger } from './logger.js';
import type {
  Device,
  DevicePageResponse,
  FetchDevicesRequest,
  SyncDevicesRequest,
} from './device-types.js';

export type DevicePhase = 'fetch' | 'sync';

export interface DevicePage {
  phase: DevicePhase;
  devices: Device[];
  /** Store it once this page is processed; pass it back to resume. */
  cursor: string;
  moreToFollow: boolean;
  fetchedUntil: string | undefined;
  /**
   * True on the first page after the server refused the cursor and the listing started
   * over: what follows is a full listing, not changes.
   */
  restarted: boolean;
}

export interface DevicePagesOptions {
  /** Where to resume; omit for a full listing. */
  cursor?: string;
  /** The phase `cursor` belongs to, if known; a sync cursor skips the fetch attempt. */
  phase?: DevicePhase;
  /** Devices per page. */
  limit?: number;
  /**
   * After the last fetch page, go on with sync from its cursor to pick up what changed
   * while fetching. Default true.
   */
  syncAfterFetch?: boolean;
}

/** The two calls the walk needs; DepClient provides them. */
export interface DevicePageSource {
  fetchDevices(request: FetchDevicesRequest): Promise<DevicePageResponse>;
  syncDevices(request: SyncDevicesRequest): Promise<DevicePageResponse>;
}

const MAX_RESTARTS = 1;

export async function* devicePages(
  source: DevicePageSource,
  options: DevicePagesOptions,
  log: DepLogger,
): AsyncGenerator<DevicePage, void, undefined> {
  let cursor = options.cursor;
  // Sync without a cursor is CURSOR_REQUIRED; a walk with no cursor can only fetch.
  let phase: DevicePhase = cursor === undefined ? 'fetch' : (options.phase ?? 'fetch');
  const limit = options.limit === undefined ? {} : { limit: options.limit };
  let restarts = 0;
  let restarted = false;

  for (;;) {
    let answer: DevicePageResponse;
    try {
      answer =
        phase === 'fetch'
          ? await source.fetchDevices({ ...(cursor === undefined ? {} : { cursor }), ...limit })
          : await source.syncDevices({ cursor: cursor ?? '', ...limit });
    } catch (error) {
      if (phase === 'fetch' && cursor !== undefined && isDepError(error, 'EXHAUSTED_CURSOR')) {
        log({ event: 'cursor', action: 'switch-to-sync', phase, code: error.code });
        phase = 'sync';
        continue;
      }
      const refused = isDepError(error, 'INVALID_CURSOR', 'EXPIRED_CURSOR');
      if (refused && cursor !== undefined && restarts < MAX_RESTARTS) {
        log({ event: 'cursor', action: 'restart', phase, code: error.code });
        restarts += 1;
        restarted = true;
        cursor = undefined;
        phase = 'fetch';
        continue;
      }
      throw error;
    }

    const next = nextCursor(answer, cursor, phase);
    const stuck = answer.more_to_follow && next === cursor;
    yield {
      phase,
      devices: answer.devices ?? [],
      cursor: next,
      moreToFollow: answer.more_to_follow,
      fetchedUntil: answer.fetched_until,
      restarted,
    };
    restarted = false;
    if (stuck) {
      log({ event: 'cursor', action: 'loop', phase });
      throw new CursorLoopError(phase, next);
    }
    cursor = next;

    if (answer.more_to_follow) continue;
    if (phase === 'fetch' && options.syncAfterFetch !== false) {
      phase = 'sync';
      continue;
    }
    return;
  }
}

/**
 * The cursor to continue from. A last page without one keeps the previous cursor; a
 * page promising more without one cannot be followed.
 */
function nextCursor(answer: DevicePageResponse, previous: string | undefined, phase: string) {
  if (typeof answer.cursor === 'string' && answer.cursor !== '') return answer.cursor;
  if (!answer.more_to_follow && previous !== undefined) return previous;
  const path = phase === 'fetch' ? '/server/devices' : '/devices/sync';
  throw new DepProtocolError('POST', path, 'a device page without a cursor');
}
