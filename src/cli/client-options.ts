import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DepClient } from '../client/dep-client.js';
import { DepError } from '../client/errors.js';
import { isServerToken } from '../token/server-token.js';

export const DEFAULT_EMULATOR_URL = 'http://127.0.0.1:8080';
export const DEFAULT_TOKEN_FILE = '.opendep/example-mdm-token.json';

/** Exit codes: usage errors, Apple error codes and network failures stay apart. */
export const EXIT = { ok: 0, failure: 1, usage: 2, apple: 3, network: 4 } as const;

export interface ClientFlags {
  url?: string;
  token?: string;
  userAgent?: string;
  protocolVersion?: string;
}

/** Options every client command shares, each mirrored by an environment variable. */
export function withClientOptions(command: Command): Command {
  return command
    .option('--url <url>', `DEP API base URL (OPENDEP_URL, default ${DEFAULT_EMULATOR_URL})`)
    .option('--token <file>', `server token JSON (OPENDEP_TOKEN, default ${DEFAULT_TOKEN_FILE})`)
    .option('--user-agent <ua>', 'User-Agent to send (OPENDEP_USER_AGENT)')
    .option('--protocol-version <n>', 'X-Server-Protocol-Version to send, default 3');
}

export class UsageError extends Error {}

export function clientFrom(flags: ClientFlags): DepClient {
  const tokenPath = flags.token ?? process.env.OPENDEP_TOKEN ?? DEFAULT_TOKEN_FILE;
  let token: unknown;
  try {
    token = JSON.parse(readFileSync(tokenPath, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read the server token ${tokenPath}: ${(error as Error).message}`);
  }
  if (!isServerToken(token)) {
    throw new UsageError(`${tokenPath} is not a server token (consumer_key, ... expected)`);
  }
  const version = flags.protocolVersion === undefined ? 3 : Number(flags.protocolVersion);
  if (!Number.isInteger(version) || version < 1) {
    throw new UsageError('--protocol-version must be a positive whole number');
  }
  const userAgent = flags.userAgent ?? process.env.OPENDEP_USER_AGENT;
  return new DepClient({
    token,
    baseUrl: flags.url ?? process.env.OPENDEP_URL ?? DEFAULT_EMULATOR_URL,
    protocolVersion: version,
    ...(userAgent === undefined ? {} : { userAgent }),
  });
}

/** Runs a client command: prints JSON on success, maps failures to the exit codes above. */
export async function runClientCommand(work: () => Promise<unknown>): Promise<void> {
  try {
    const result = await work();
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`opendep: ${error.message}\n`);
      process.exit(EXIT.usage);
    }
    if (error instanceof DepError) {
      process.stderr.write(`opendep: ${error.message}\n`);
      process.exit(EXIT.apple);
    }
    if (error instanceof TypeError && /fetch failed/.test(error.message)) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? '';
      process.stderr.write(`opendep: network failure: ${cause}\n`);
      process.exit(EXIT.network);
    }
    throw error;
  }
}
