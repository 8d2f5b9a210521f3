/**
 * When to try a request again after 429 Too Many Requests or 503 Service Unavailable.
 *
 * Apple does not document either status for this API, but both come from gateways in
 * front of it and from Apple's simulator, and clients that honour `Retry-After` fare
 * best. A `Retry-After` longer than `maxDelayMs` is not shortened: coming back early
 * would only earn another refusal, so the client gives up and reports the wait instead.
 */

export interface RetryOptions {
  /** Attempts after the first one; default 3. 0 turns retrying off. */
  retries?: number;
  /** First backoff step when the server gives no `Retry-After`; default 1000 ms. */
  baseDelayMs?: number;
  /** The longest the client waits before one retry; default 60 000 ms. */
  maxDelayMs?: number;
  /** How to wait; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for jitter; default Math.random. */
  random?: () => number;
}

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

export type RetryDecision =
  { retry: true; delayMs: number; fromHeader: boolean } | { retry: false; retryAfterMs?: number };

const DEFAULTS = { retries: 3, baseDelayMs: 1000, maxDelayMs: 60_000 };

export class RetryPolicy {
  readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;

  constructor(options: RetryOptions = {}) {
    this.retries = nonNegative(options.retries ?? DEFAULTS.retries, 'retries');
    this.baseDelayMs = nonNegative(options.baseDelayMs ?? DEFAULTS.baseDelayMs, 'baseDelayMs');
    this.maxDelayMs = nonNegative(options.maxDelayMs ?? DEFAULTS.maxDelayMs, 'maxDelayMs');
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /**
   * What to do after `retriesDone` retries ended in `status`, whose answer carried
   * `retryAfter` (the raw header, or null).
   */
  decide(status: number, retryAfter: string | null, retriesDone: number, now: Date): RetryDecision {
    const askedMs = parseRetryAfter(retryAfter, now);
    if (!RETRYABLE_STATUSES.has(status)) return { retry: false };
    if (retriesDone >= this.retries || (askedMs !== undefined && askedMs > this.maxDelayMs)) {
      return askedMs === undefined ? { retry: false } : { retry: false, retryAfterMs: askedMs };
    }
    if (askedMs !== undefined) return { retry: true, delayMs: askedMs, fromHeader: true };
    return { retry: true, delayMs: this.backoff(retriesDone), fromHeader: false };
  }

  /**
   * Exponential steps with "equal jitter": half the step is fixed, half random, so
   * clients that failed together spread out but none retries at once.
   */
  private backoff(retriesDone: number): number {
    const step = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** retriesDone);
    return Math.round(step / 2 + (step / 2) * this.random());
  }
}

/**
 * `Retry-After` in milliseconds from `now`: delay-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`). A date in the past means now; anything else,
 * including negative or fractional numbers, is ignored (undefined).
 */
export function parseRetryAfter(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Date.parse would also take "2026" or "1.5"; an HTTP-date always names a weekday/month.
  if (!/[A-Za-z]/.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function nonNegative(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative number, got ${value}`);
  }
  return value;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
