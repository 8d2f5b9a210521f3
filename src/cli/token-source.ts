/**
 * Reads the server token for `--token`: the decrypted JSON, or Apple's `.p7m` file
 * itself together with the private key (`--key`) that opens it.
 */
import { readFileSync } from 'node:fs';
import { decryptServerToken } from '../token/p7m.js';
import { isServerToken, type ServerToken } from '../token/server-token.js';
import { UsageError } from './exit-codes.js';

export function loadServerToken(tokenPath: string, keyPath: string | undefined): ServerToken {
  const content = readInput(tokenPath, 'the server token');
  const json = parseJson(content);
  if (json !== undefined) {
    if (!isServerToken(json)) {
      throw new UsageError(`${tokenPath} is not a server token (consumer_key, ... expected)`);
    }
    return json;
  }
  // Not JSON, so it should be the .p7m Apple's portal hands out.
  if (keyPath === undefined) {
    throw new UsageError(`${tokenPath} is not JSON; for a .p7m token pass the key with --key`);
  }
  return decryptServerToken(content, readInput(keyPath, 'the private key').toString('utf8'));
}

/** A file's bytes, or stdin's for `-`; an unreadable file is a usage error. */
export function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

function parseJson(content: Buffer): unknown {
  try {
    return JSON.parse(content.toString('utf8'));
  } catch {
    return undefined;
  }
}
