/**
 * Runs the client's device walk for `devices fetch` and `devices sync`: gathers the
 * pages, moves the progress line, and keeps `--cursor-file` up to date after every page,
 * so an interrupted listing resumes where the last handled page ended.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import type { DepClient } from '../client/dep-client.js';
import type { DevicePagesOptions, DevicePhase } from '../client/device-pages.js';
import type { Device } from '../client/device-types.js';
import { CursorLoopError } from '../client/errors.js';
import { UsageError } from './exit-codes.js';
import type { PageProgress } from './progress.js';
import { readInput } from './token-source.js';

export interface Listing {
  phase: DevicePhase | undefined;
  cursor: string | undefined;
  more_to_follow: boolean;
  fetched_until: string | undefined;
  pages: number;
  /** The server refused the starting cursor, so this is a full listing. */
  restarted: boolean;
  /** The server repeated its cursor with more to follow; the listing stopped there. */
  cursor_loop: boolean;
  devices: Device[];
}

export interface SavedCursor {
  cursor: string;
  phase: DevicePhase;
}

export async function collectDevices(
  client: DepClient,
  walk: DevicePagesOptions,
  progress: PageProgress,
  cursorFile: string | undefined,
): Promise<Listing> {
  const listing: Listing = {
    phase: undefined,
    cursor: walk.cursor,
    more_to_follow: false,
    fetched_until: undefined,
    pages: 0,
    restarted: false,
    cursor_loop: false,
    devices: [],
  };
  try {
    for await (const page of client.devicePages(walk)) {
      if (page.restarted) listing.devices = [];
      listing.devices.push(...page.devices);
      listing.restarted ||= page.restarted;
      listing.phase = page.phase;
      listing.cursor = page.cursor;
      listing.more_to_follow = page.moreToFollow;
      listing.fetched_until = page.fetchedUntil;
      listing.pages += 1;
      progress.page(page, walk.limit ?? Math.max(1, page.devices.length));
      if (cursorFile !== undefined)
        saveCursor(cursorFile, { cursor: page.cursor, phase: page.phase });
    }
  } catch (error) {
    if (!(error instanceof CursorLoopError)) throw error;
    listing.cursor_loop = true;
  } finally {
    progress.stop();
  }
  return listing;
}

/** The cursor and phase stored by an earlier run, or undefined when there is none yet. */
export function loadCursor(path: string): SavedCursor | undefined {
  if (!existsSync(path)) return undefined;
  let saved: unknown;
  try {
    saved = JSON.parse(readInput(path, 'the cursor file').toString('utf8'));
  } catch {
    throw new UsageError(`${path} is not a cursor file written by opendep`);
  }
  const { cursor, phase } = (saved ?? {}) as Partial<Record<string, unknown>>;
  if (typeof cursor !== 'string' || (phase !== 'fetch' && phase !== 'sync')) {
    throw new UsageError(`${path} is not a cursor file written by opendep`);
  }
  return { cursor, phase };
}

/** Write-then-rename, so a crash mid-write never leaves half a cursor behind. */
function saveCursor(path: string, saved: SavedCursor): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(saved)}\n`);
  renameSync(temporary, path);
}
