/**
 * Runs the client's device walk for `devices fetch` and `devices sync`, streaming: each
 * page is handed to the printer as it arrives and nothing is kept, so a listing of a
 * million devices takes the memory of one page. `--cursor-file` is rewritten only after
 * the page's output was written, so an interrupted listing (network, an Apple error,
 * Ctrl-C, a closed pipe) resumes at the first page not printed.
 */
import { accessSync, constants, existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DepClient } from '../client/dep-client.js';
import type { DevicePage, DevicePagesOptions, DevicePhase } from '../client/device-pages.js';
import { CursorLoopError } from '../client/errors.js';
import { UsageError } from './exit-codes.js';
import type { PageProgress } from './progress.js';
import { readInput } from './token-source.js';

/** What is known once the walk ends: everything but the devices, which were printed. */
export interface ListingSummary {
  phase: DevicePhase | undefined;
  cursor: string | undefined;
  more_to_follow: boolean;
  fetched_until: string | undefined;
  pages: number;
  devices: number;
  /** The server refused the starting cursor, so this is a full listing. */
  restarted: boolean;
  /** The server repeated its cursor with more to follow; the listing stopped there. */
  cursor_loop: boolean;
}

export interface SavedCursor {
  cursor: string;
  phase: DevicePhase;
}

/** Prints one page; resolves once its output was written. */
export type PagePrinter = (page: DevicePage) => Promise<void>;

export async function streamDevices(
  client: DepClient,
  walk: DevicePagesOptions,
  progress: PageProgress,
  cursorFile: string | undefined,
  print: PagePrinter,
): Promise<ListingSummary> {
  const summary: ListingSummary = {
    phase: undefined,
    cursor: walk.cursor,
    more_to_follow: false,
    fetched_until: undefined,
    pages: 0,
    devices: 0,
    restarted: false,
    cursor_loop: false,
  };
  try {
    for await (const page of client.devicePages(walk)) {
      progress.page(page, walk.limit ?? Math.max(1, page.devices.length));
      await print(page);
      // Only now: a cursor saved before its page was printed would skip that page.
      if (cursorFile !== undefined)
        saveCursor(cursorFile, { cursor: page.cursor, phase: page.phase });
      summary.devices += page.devices.length;
      summary.restarted ||= page.restarted;
      summary.phase = page.phase;
      summary.cursor = page.cursor;
      summary.more_to_follow = page.moreToFollow;
      summary.fetched_until = page.fetchedUntil;
      summary.pages += 1;
    }
  } catch (error) {
    if (!(error instanceof CursorLoopError)) throw error;
    summary.cursor_loop = true;
  } finally {
    progress.stop();
  }
  return summary;
}

/**
 * Refuses, before any request, a cursor file that could not be written: a missing
 * directory would otherwise fail only after the first page.
 */
export function checkCursorFile(path: string): void {
  const directory = dirname(resolve(path));
  let isDirectory: boolean;
  try {
    isDirectory = statSync(directory).isDirectory();
  } catch {
    throw new UsageError(`--cursor-file ${path}: the directory ${directory} does not exist`);
  }
  if (!isDirectory) {
    throw new UsageError(`--cursor-file ${path}: ${directory} is not a directory`);
  }
  try {
    accessSync(directory, constants.W_OK);
  } catch {
    throw new UsageError(`--cursor-file ${path}: the directory ${directory} is not writable`);
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new UsageError(`--cursor-file ${path} is a directory`);
  }
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
