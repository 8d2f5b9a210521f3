import { randomBytes } from 'node:crypto';

/** `n` random bytes as upper-case hex. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex').toUpperCase();
}

/** Apple's observed identifier shape for profiles and MDM servers: 32 upper-case hex. */
export function newAppleUuid(): string {
  return randomHex(16);
}

/** Upper-case, no dashes: the form Apple uses, and the form clients often normalise to. */
export function normaliseAppleUuid(value: string): string {
  return value.replace(/-/g, '').toUpperCase();
}
