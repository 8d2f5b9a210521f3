/**
 * A progress line on stderr while device pages arrive, for listings of thousands of
 * devices. Only on a terminal: in a pipe or a log file it would be noise.
 */
import { SingleBar } from 'cli-progress';
import type { DevicePage } from '../client/device-pages.js';

export interface PageProgress {
  page(page: DevicePage, pageSize: number): void;
  stop(): void;
}

const NO_PROGRESS: PageProgress = { page: () => undefined, stop: () => undefined };

/**
 * Apple never says how many devices there are, so the bar's end is "what we have plus
 * one more page" while more are to follow, and what we have once the listing is done.
 */
export function pageProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  enabled: boolean,
): PageProgress {
  if (!enabled || stream.isTTY !== true) return NO_PROGRESS;
  const bar = new SingleBar({
    stream,
    format: '{phase} [{bar}] {value} devices, {pages} pages',
    hideCursor: true,
    clearOnComplete: true,
  });
  let devices = 0;
  let pages = 0;
  bar.start(1, 0, { phase: 'fetch', pages });
  return {
    page(page, pageSize) {
      devices += page.devices.length;
      pages += 1;
      bar.setTotal(Math.max(1, devices + (page.moreToFollow ? pageSize : 0)));
      bar.update(devices, { phase: page.phase, pages });
    },
    stop() {
      bar.stop();
    },
  };
}
