/**
 * A scripted fault: which Apple requests it answers, and with what. Pure: matching and
 * answering never touch storage; counting down and drawing are the store's job.
 */
export interface FaultRule {
  id: string;
  /** An HTTP method, or `*` for any. */
  method: string;
  /** An exact path, `*` for any Apple path, or a prefix ending in `*` (`/devices*`). */
  path: string;
  /** Only requests of this MDM server (by session, or by consumer key on /session). */
  serverUuid: string | null;
  /** Only requests naming this serial (`devices` in the body, `device` in body or query). */
  serial: string | null;
  status: number;
  /** The bare body; empty for none. */
  code: string;
  retryAfterSeconds: number | null;
  /** Answer with a real new X-ADM-Auth-Session for the caller's server. */
  newSession: boolean;
  /** How many more times it fires; null for always, until removed. */
  remaining: number | null;
  /** Chance of firing on each matching request; null for every time. */
  probability: number | null;
  seed: number;
  createdAt: number;
}

/** What a request offers to be matched against. */
export interface FaultTarget {
  method: string;
  path: string;
}

export function methodMatches(rule: FaultRule, method: string): boolean {
  return rule.method === '*' || rule.method === method;
}

export function pathMatches(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  return pattern === path;
}

/** The cheap first test, on the request line only. */
export function lineMatches(rule: FaultRule, target: FaultTarget): boolean {
  return methodMatches(rule, target.method) && pathMatches(rule.path, target.path);
}

/** The full test, once the server and serials of the request are known. */
export function criteriaMatch(
  rule: FaultRule,
  serverUuid: string | undefined,
  serials: readonly string[],
): boolean {
  if (rule.serverUuid !== null && rule.serverUuid !== serverUuid) return false;
  if (rule.serial !== null && !serials.includes(rule.serial)) return false;
  return true;
}

/** Whether a probabilistic rule fires on a draw in [0, 1). */
export function drawFires(rule: FaultRule, draw: number): boolean {
  return rule.probability === null || draw < rule.probability;
}

/** The headers a firing rule adds; the session header is added by whoever mints it. */
export function faultHeaders(rule: FaultRule): Record<string, string> {
  return rule.retryAfterSeconds === null ? {} : { 'retry-after': String(rule.retryAfterSeconds) };
}

/** The serials a request names: `devices` or `device` in a JSON body, `device` in the query. */
export function serialsOfRequest(body: unknown, query: unknown): string[] {
  const found: string[] = [];
  const collect = (source: unknown): void => {
    if (typeof source !== 'object' || source === null) return;
    const record = source as Record<string, unknown>;
    if (Array.isArray(record.devices)) {
      for (const item of record.devices) if (typeof item === 'string') found.push(item);
    }
    if (typeof record.device === 'string') found.push(record.device);
  };
  collect(parseMaybeJson(body));
  collect(query);
  return found;
}

function parseMaybeJson(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
