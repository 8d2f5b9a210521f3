/**
 * Serial lists longer than Apple's guidance (at most 1000 per request) are sent in
 * chunks, one after another, and the answers merged into one as if a single call had
 * been made. Sequential on purpose: parallel chunks would trip the throttling that
 * chunking is there to avoid.
 */
import type { AssignProfileResponse } from './profile-types.js';

/** Apple's advice for Assign a Profile, applied to every serial-list endpoint. */
export const APPLE_CHUNK_SIZE = 1000;

/**
 * `items` cut into lists of at most `size`. An empty list stays one empty chunk, so the
 * server, not the client, answers an empty request (DEVICE_ID_REQUIRED).
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size ${size}`);
  if (items.length === 0) return [[]];
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

/** Calls `send` for each chunk of `serials` in turn and folds the answers with `merge`. */
export async function inChunks<R>(
  serials: readonly string[],
  size: number,
  send: (part: string[]) => Promise<R>,
  merge: (merged: R, next: R) => R,
): Promise<R> {
  const [first, ...rest] = chunk(serials, size);
  let merged: R = await send(first ?? []);
  for (const part of rest) merged = merge(merged, await send(part));
  return merged;
}

/** Merges answers of the `{devices: {serial: ...}}` shape; later chunks add serials. */
export function mergeDeviceMaps<V, R extends { devices?: Record<string, V> }>(
  merged: R,
  next: R,
): R {
  if (merged.devices === undefined && next.devices === undefined) return { ...merged, ...next };
  return { ...merged, ...next, devices: { ...merged.devices, ...next.devices } };
}

/**
 * Assign answers: device maps merged, and the longest `retry_after_seconds` kept, since
 * throttled devices of every chunk must wait that long. Values that are not whole
 * non-negative numbers are dropped rather than trusted.
 */
export function mergeAssignResponses(
  merged: AssignProfileResponse,
  next: AssignProfileResponse,
): AssignProfileResponse {
  const combined = mergeDeviceMaps(merged, next);
  const waits = [merged.retry_after_seconds, next.retry_after_seconds].filter(isWholeSeconds);
  delete combined.retry_after_seconds;
  return waits.length === 0 ? combined : { ...combined, retry_after_seconds: Math.max(...waits) };
}

function isWholeSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
