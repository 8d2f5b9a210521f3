import { formatAppleDate } from '../domain/clock.js';

/** One request to Apple's paths and its answer, as the request log keeps it. */
export interface LogEntry {
  id: number;
  /** The emulator's clock at arrival, epoch ms. */
  timeMs: number;
  method: string;
  path: string;
  /** Query parameters, OAuth ones removed. */
  query: Record<string, string>;
  serverUuid: string | null;
  status: number;
  /** The bare error code of an error answer; null for success. */
  code: string | null;
  latencyMs: number;
  /** The fault rule that answered, if one did. */
  faultId: string | null;
  requestBody?: unknown;
  responseBody?: unknown;
}

export interface LogFilter {
  path?: string;
  method?: string;
  server?: string;
  /** An exact status (`503`) or a class (`5xx`). */
  status?: string;
  /** Only entries with a larger id (for tailing). */
  sinceId?: number;
  /** Only entries at or after this instant, epoch ms. */
  sinceMs?: number;
  /** The newest this many; all when absent. */
  limit?: number;
}

function statusMatches(pattern: string, status: number): boolean {
  const klass = /^([1-5])xx$/i.exec(pattern);
  if (klass !== null) return Math.floor(status / 100) === Number(klass[1]);
  return String(status) === pattern;
}

function pathMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}

/** The entries (oldest first) that pass every given filter. */
export function queryLog(entries: readonly LogEntry[], filter: LogFilter): LogEntry[] {
  const kept = entries.filter(
    (entry) =>
      (filter.path === undefined || pathMatches(filter.path, entry.path)) &&
      (filter.method === undefined || filter.method.toUpperCase() === entry.method) &&
      (filter.server === undefined || filter.server === entry.serverUuid) &&
      (filter.status === undefined || statusMatches(filter.status, entry.status)) &&
      (filter.sinceId === undefined || entry.id > filter.sinceId) &&
      (filter.sinceMs === undefined || entry.timeMs >= filter.sinceMs),
  );
  return filter.limit === undefined ? kept : kept.slice(Math.max(0, kept.length - filter.limit));
}

/** Keys whose values are secrets wherever they appear in a logged body. */
const SECRET_KEYS = new Set(['auth_session_token', 'escrow_key', 'access_token', 'access_secret']);
const SECRET_KEYS_LOWER = [...SECRET_KEYS].map((key) => key.toLowerCase());

/** A copy of a JSON value with secret fields replaced, however deep. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const secret =
      SECRET_KEYS_LOWER.includes(key.toLowerCase()) ||
      key.toLowerCase().startsWith('oauth_') ||
      key.toLowerCase().endsWith('_secret');
    out[key] = secret ? '[redacted]' : redactSecrets(inner);
  }
  return out;
}

/** Query parameters without OAuth's (a signed /session may carry them in the query). */
export function loggableQuery(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof query !== 'object' || query === null) return out;
  for (const [key, value] of Object.entries(query)) {
    if (key.toLowerCase().startsWith('oauth_')) continue;
    out[key] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return out;
}

/** The entry as the control plane shows it. */
export function logEntryJson(entry: LogEntry): Record<string, unknown> {
  return {
    id: entry.id,
    time: formatAppleDate(new Date(entry.timeMs)),
    method: entry.method,
    path: entry.path,
    query: entry.query,
    server_uuid: entry.serverUuid,
    status: entry.status,
    code: entry.code,
    latency_ms: entry.latencyMs,
    fault_id: entry.faultId,
    ...(entry.requestBody === undefined ? {} : { request_body: entry.requestBody }),
    ...(entry.responseBody === undefined ? {} : { response_body: entry.responseBody }),
  };
}
