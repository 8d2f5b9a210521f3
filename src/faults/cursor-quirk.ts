/**
 * Apple has been seen to answer a cursor with that same cursor and `more_to_follow: true`,
 * forever. A quirk makes fetch or sync do that for a number of pages. Pure.
 */
export const QUIRK_ENDPOINTS = ['fetch', 'sync', 'both'] as const;
export type QuirkEndpoint = (typeof QUIRK_ENDPOINTS)[number];

export interface CursorQuirk {
  id: string;
  /** Only this MDM server; null for all. */
  serverUuid: string | null;
  endpoint: QuirkEndpoint;
  /** Pages left; null for every page until removed. */
  remaining: number | null;
  createdAt: number;
}

/** The oldest live quirk for a page of `endpoint` served to `serverUuid`. */
export function quirkFor(
  quirks: readonly CursorQuirk[],
  serverUuid: string,
  endpoint: 'fetch' | 'sync',
): CursorQuirk | undefined {
  return [...quirks]
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
    .find(
      (quirk) =>
        (quirk.serverUuid === null || quirk.serverUuid === serverUuid) &&
        (quirk.endpoint === 'both' || quirk.endpoint === endpoint) &&
        (quirk.remaining === null || quirk.remaining > 0),
    );
}

export interface DevicePage {
  cursor: string;
  more_to_follow: boolean;
}

/**
 * The page as the quirk serves it: the cursor the client sent comes back, with more to
 * follow; a first fetch (no cursor) keeps its new cursor but still claims more.
 */
export function stuckPage<P extends DevicePage>(page: P, requestCursor: string | undefined): P {
  return { ...page, cursor: requestCursor ?? page.cursor, more_to_follow: true };
}
