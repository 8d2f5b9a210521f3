/** What a DepClient can be told, and what it assumes when it is not. */
import type { ServerToken } from '../token/server-token.js';
import type { DepLogger } from './logger.js';
import type { RetryOptions } from './retry-policy.js';

/** Apple's service. The emulator, or anything else, is just another base URL. */
export const APPLE_BASE_URL = 'https://mdmenrollment.apple.com';
export const DEFAULT_USER_AGENT = 'opendep-client/0.1';
/** The newest version Apple documents: every device field, per-device THROTTLED. */
export const DEFAULT_PROTOCOL_VERSION = 10;
/** How long one attempt may take, answer body included, before it is a DepNetworkError. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface DepClientOptions {
  /** The decrypted server token (the JSON inside Apple's `.p7m`). */
  token: ServerToken;
  /** Defaults to Apple's service. */
  baseUrl?: string;
  /** Apple refuses requests without one and has refused some values; name your MDM. */
  userAgent?: string;
  /** `X-Server-Protocol-Version`; default 10. */
  protocolVersion?: number;
  /** How 429 and 503 answers are retried. */
  retry?: RetryOptions;
  /** Serials per request for assign, remove, details and disown; default 1000. */
  chunkSize?: number;
  /** Called for every request, response, retry, session change and cursor event. */
  logger?: DepLogger;
  /**
   * Milliseconds one attempt may take, from sending to the last byte of the answer;
   * default 30000. A timeout is a DepNetworkError (and is not retried).
   */
  timeoutMs?: number;
  /** Replaces global fetch (proxies, custom TLS, tests). */
  fetch?: typeof fetch;
  /**
   * The time, for OAuth timestamps, the token-expiry check and HTTP-date `Retry-After`;
   * default the system clock.
   */
  now?: () => Date;
}
