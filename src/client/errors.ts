/**
 * What the client throws. Everything derives from DepClientError, so one `instanceof`
 * catches the lot; the subclasses say whether Apple answered (DepError), nobody answered
 * (DepNetworkError), the answer made no sense (DepProtocolError), or the client refused
 * to call at all (ServerTokenExpiredError).
 */
import type { DepErrorCode } from './error-codes.js';

export class DepClientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * An error answer from the DEP API: the HTTP status and Apple's bare code (the body,
 * trimmed, with the quotes Apple's old simulator added taken off).
 */
export class DepError extends DepClientError {
  /**
   * For 429/503 answers the client stopped retrying: how long the server asked to wait
   * (from `Retry-After`), when it said.
   */
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly method: string,
    readonly path: string,
    options: { retryAfterMs?: number } = {},
  ) {
    super(`${method} ${path}: ${status} ${code === '' ? '(empty body)' : code}`);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The request never got an HTTP answer: refused connection, DNS, TLS, reset. */
export class DepNetworkError extends DepClientError {
  constructor(
    readonly method: string,
    readonly path: string,
    cause: unknown,
  ) {
    super(`${method} ${path}: network failure: ${describeCause(cause)}`, { cause });
  }
}

/** A success status whose body is not what the API promises (not JSON, no session, ...). */
export class DepProtocolError extends DepClientError {
  constructor(
    readonly method: string,
    readonly path: string,
    detail: string,
  ) {
    super(`${method} ${path}: unexpected answer: ${detail}`);
  }
}

/**
 * The server token's `access_token_expiry` has passed. Apple would refuse it; the client
 * refuses first, so an expired token never reaches the network. Download a new token.
 */
export class ServerTokenExpiredError extends DepClientError {
  constructor(readonly expiry: string) {
    super(`the server token expired at ${expiry}; download a new one from the portal`);
  }
}

/**
 * The server answered a device page with the cursor it was given and `more_to_follow`
 * still true: following it would ask for the same page forever. Thrown after that page
 * was handed over, so the caller has everything the server sent.
 */
export class CursorLoopError extends DepClientError {
  constructor(
    readonly phase: 'fetch' | 'sync',
    readonly cursor: string,
  ) {
    super(`the ${phase} cursor did not advance although more_to_follow is true; stopped`);
  }
}

/** Apple's body is the code itself; its simulator wrapped it in JSON quotes. */
export function errorCodeOf(body: string): string {
  const trimmed = body.trim();
  return /^"[^"]*"$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
}

/**
 * True when `error` is an Apple error answer, and, when codes are given, carries one of
 * them: `isDepError(e, 'EXHAUSTED_CURSOR')`.
 */
export function isDepError(error: unknown, ...codes: DepErrorCode[]): error is DepError {
  if (!(error instanceof DepError)) return false;
  return codes.length === 0 || codes.some((code) => code === error.code);
}

/** `/session` refusals about the organization, not the token: a new token would not help. */
const NOT_ABOUT_THE_TOKEN = new Set(['T_C_NOT_SIGNED', 'ACCESS_DENIED']);

/**
 * True when the server token itself is not accepted (revoked, replaced by a newer
 * download, or expired at Apple's end): a 401 or 403 from `GET /session` (which the client
 * reaches after its one session renewal), unless the code is about the organization
 * (`T_C_NOT_SIGNED`, `ACCESS_DENIED`); or, from any path, one of the OAuth-style bodies
 * (`token_rejected`, `oauth_problem=token_rejected`, `token_expiredForbidden`,
 * `signature_invalid`). A revoked token was seen answering `/session` with a plain 403
 * `FORBIDDEN`, an expired one with 401 `UNAUTHORIZED`.
 */
export function isTokenRejected(error: unknown): boolean {
  if (!(error instanceof DepError) || (error.status !== 401 && error.status !== 403)) {
    return false;
  }
  if (/token_rejected|token_expired|signature_invalid/i.test(error.code)) return true;
  return error.path === '/session' && !NOT_ABOUT_THE_TOKEN.has(error.code);
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  // undici hides the socket error one level down: "fetch failed" { cause: ECONNREFUSED }.
  const inner = (cause as { cause?: unknown }).cause;
  return inner instanceof Error ? inner.message : cause.message;
}
