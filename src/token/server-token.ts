import { randomBytes } from 'node:crypto';
import { formatAppleDate } from '../domain/clock.js';

/** The decrypted content of an Apple server token (`*.p7m`): OAuth 1.0a credentials. */
export interface ServerToken {
  consumer_key: string;
  consumer_secret: string;
  access_token: string;
  access_secret: string;
  /** ISO-8601 UTC, `YYYY-MM-DDTHH:MM:SSZ`. */
  access_token_expiry: string;
}

const TOKEN_KEYS = [
  'consumer_key',
  'consumer_secret',
  'access_token',
  'access_secret',
  'access_token_expiry',
] as const;

const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * New credentials in the shapes Apple issues: `CK_` + 96 hex, `CS_` + 40 hex,
 * `AT_O<digits>O<40 hex>O<epoch ms>`, `AS_` + 40 hex, expiry one year after issuance.
 */
export function generateServerToken(issuedAt: Date, orgNumber: string): ServerToken {
  const expiry = new Date(issuedAt.getTime() + ONE_YEAR_MS);
  return {
    consumer_key: `CK_${hex(48)}`,
    consumer_secret: `CS_${hex(20)}`,
    access_token: `AT_O${orgNumber}O${hex(20)}O${issuedAt.getTime()}`,
    access_secret: `AS_${hex(20)}`,
    access_token_expiry: formatAppleDate(expiry),
  };
}

/** True when `value` has the five string fields of a server token. */
export function isServerToken(value: unknown): value is ServerToken {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return TOKEN_KEYS.every((key) => typeof record[key] === 'string' && record[key] !== '');
}
