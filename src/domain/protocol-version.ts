/** The newest `X-Server-Protocol-Version` whose behaviour opendep knows. */
export const LATEST_PROTOCOL_VERSION = 10;

/**
 * Reads `X-Server-Protocol-Version`. Apple does not document a missing header; we treat
 * a missing or unreadable value as `fallback` (version 1 by default: the oldest shape,
 * so a client that forgets the header sees it at once), and cap values above the
 * newest we know at that newest.
 */
export function readProtocolVersion(header: string | undefined, fallback: number): number {
  if (header === undefined || !/^\s*\d{1,6}\s*$/.test(header)) return fallback;
  const version = Number(header);
  if (version < 1) return fallback;
  return Math.min(version, LATEST_PROTOCOL_VERSION);
}
