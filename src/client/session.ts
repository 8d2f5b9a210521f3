/**
 * Holds the `X-ADM-Auth-Session` value. The first call obtains one; concurrent callers
 * share that one request. Renewal happens only if the session that failed is still the
 * current one, so ten requests that all meet a 401 cause one `GET /session`, not ten.
 */
import type { DepLogger } from './logger.js';
import { ServerTokenExpiredError } from './errors.js';
import type { ServerToken } from '../token/server-token.js';

export class SessionKeeper {
  private value: string | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly open: () => Promise<string>,
    private readonly log: DepLogger,
  ) {}

  /** The session to send, obtaining one if there is none yet. */
  current(): Promise<string> {
    return this.value !== undefined ? Promise.resolve(this.value) : this.obtain('initial');
  }

  /** A session obtained now, whether or not one is in hand. */
  fresh(): Promise<string> {
    return this.value === undefined ? this.obtain('initial') : this.renew(this.value);
  }

  /** A new session because `failed` was refused (unless another caller already renewed). */
  renew(failed: string | undefined): Promise<string> {
    if (this.value !== undefined && this.value !== failed) return Promise.resolve(this.value);
    this.value = undefined;
    return this.obtain('renewal');
  }

  /** Takes a session the server handed out in a response header. */
  adopt(rotated: string): void {
    if (rotated === '' || rotated === this.value) return;
    this.value = rotated;
    this.log({ event: 'session', reason: 'rotated' });
  }

  private obtain(reason: 'initial' | 'renewal'): Promise<string> {
    this.pending ??= this.open()
      .then((session) => {
        this.value = session;
        this.log({ event: 'session', reason });
        return session;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}

/**
 * Throws ServerTokenExpiredError when the token's `access_token_expiry` is at or before
 * `now`. An expiry that does not parse is let through: Apple, not us, decides then.
 */
export function assertTokenCurrent(token: ServerToken, now: Date): void {
  const expiry = Date.parse(token.access_token_expiry);
  if (!Number.isNaN(expiry) && expiry <= now.getTime()) {
    throw new ServerTokenExpiredError(token.access_token_expiry);
  }
}
