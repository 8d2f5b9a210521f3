/**
 * The client's logger hook. Events carry what helps an operator (method, path, status,
 * timing, why a retry or renewal happened) and never a secret: no session token, no
 * OAuth values, no request or response bodies.
 */

export type DepLogEvent =
  | { event: 'request'; method: string; path: string; attempt: number }
  | { event: 'response'; method: string; path: string; status: number; durationMs: number }
  | {
      event: 'retry';
      method: string;
      path: string;
      status: number;
      /** The retry about to be made, from 1. */
      retry: number;
      delayMs: number;
      /** True when the delay came from the server's Retry-After. */
      retryAfter: boolean;
    }
  | {
      event: 'session';
      /** initial: first session; renewal: after 401/403 FORBIDDEN; rotated: from a header. */
      reason: 'initial' | 'renewal' | 'rotated';
    }
  | {
      event: 'cursor';
      action: 'switch-to-sync' | 'restart' | 'loop';
      phase: 'fetch' | 'sync';
      /** The Apple code that caused a switch or restart. */
      code?: string;
    };

export type DepLogger = (event: DepLogEvent) => void;

export const silentLogger: DepLogger = () => undefined;
