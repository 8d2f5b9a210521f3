import { randomBytes } from 'node:crypto';
import type { Repository } from '../storage/repository.js';

const CURSOR_SECRET_KEY = 'cursor_secret';

/**
 * The key cursors are signed with, kept in `meta` so every instance on the database signs
 * alike. Created on first use (the first writer wins). Read on every call rather than
 * cached: a state reset or import that replaces `meta` also retires every cursor, which
 * then answers INVALID_CURSOR and sends clients back to a full fetch.
 */
export async function cursorSecret(repo: Repository): Promise<Buffer> {
  const known = await repo.getMeta(CURSOR_SECRET_KEY);
  const hex = known ?? (await repo.claimMeta(CURSOR_SECRET_KEY, randomBytes(32).toString('hex')));
  return Buffer.from(hex, 'hex');
}
