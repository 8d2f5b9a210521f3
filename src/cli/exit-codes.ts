/**
 * How the CLI ends. Scripts need to tell "you called me wrong" from "Apple said no" from
 * "nobody answered", so each has its own exit code.
 */
import { DepError, DepNetworkError, ServerTokenExpiredError } from '../client/errors.js';
import { ServerTokenError } from '../token/p7m.js';

export const EXIT = {
  ok: 0,
  /** Anything else: a server that answers nonsense, a cursor loop, a bug. */
  failure: 1,
  /** Bad arguments or files, an unreadable or expired server token. */
  usage: 2,
  /** The API answered with one of Apple's error codes. */
  apple: 3,
  /** No HTTP answer at all. */
  network: 4,
} as const;

/** A mistake in how the command was called; exits 2 with the message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The exit code for `error`, and the line to print for it. */
export function exitFor(error: unknown): { code: number; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError || error instanceof ServerTokenExpiredError) {
    return { code: EXIT.usage, message };
  }
  if (error instanceof ServerTokenError) {
    return { code: EXIT.usage, message: `cannot open the server token: ${message}` };
  }
  if (error instanceof DepError) return { code: EXIT.apple, message };
  if (error instanceof DepNetworkError) return { code: EXIT.network, message };
  // DepProtocolError, CursorLoopError and anything unexpected.
  return { code: EXIT.failure, message };
}
