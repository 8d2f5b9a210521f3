/**
 * The flags every API command shares, each mirrored by an environment variable, and the
 * DepClient they describe.
 */
import type { Command } from 'commander';
import { DepClient } from '../client/dep-client.js';
import type { DepLogEvent } from '../client/logger.js';
import { EXIT, exitFor, UsageError } from './exit-codes.js';
import { withOutputOptions, type OutputFlags } from './output.js';
import { loadServerToken } from './token-source.js';

/** The CLI talks to a local emulator unless told otherwise; the library defaults to Apple. */
export const DEFAULT_EMULATOR_URL = 'http://127.0.0.1:8080';
export const DEFAULT_TOKEN_FILE = '.opendep/example-mdm-token.json';
export const CLI_USER_AGENT = 'opendep-cli/0.1';

export { EXIT, UsageError };

export interface ClientFlags extends OutputFlags {
  url?: string;
  token?: string;
  key?: string;
  userAgent?: string;
  protocolVersion?: string;
  retries?: string;
  verbose?: boolean;
}

export function withClientOptions(command: Command): Command {
  command
    .option('--url <url>', `DEP API base URL (OPENDEP_URL, default ${DEFAULT_EMULATOR_URL})`)
    .option(
      '--token <file>',
      "server token: JSON, or Apple's .p7m with --key " +
        `(OPENDEP_TOKEN, default ${DEFAULT_TOKEN_FILE})`,
    )
    .option('--key <file>', 'private key PEM that opens a .p7m --token (OPENDEP_KEY)')
    .option(
      '--user-agent <ua>',
      `User-Agent to send (OPENDEP_USER_AGENT, default ${CLI_USER_AGENT})`,
    )
    .option(
      '--protocol-version <n>',
      'X-Server-Protocol-Version to send (OPENDEP_PROTOCOL_VERSION, default 10)',
    )
    .option('--retries <n>', 'retries after 429/503 (OPENDEP_RETRIES, default 3)')
    .option(
      '--verbose',
      'log requests, retries and session renewals to stderr (OPENDEP_VERBOSE=1)',
    );
  return withOutputOptions(command);
}

export function clientFrom(flags: ClientFlags): DepClient {
  const env = process.env;
  const token = loadServerToken(
    flags.token ?? env.OPENDEP_TOKEN ?? DEFAULT_TOKEN_FILE,
    flags.key ?? env.OPENDEP_KEY,
  );
  const protocolVersion = wholeNumber(
    flags.protocolVersion ?? env.OPENDEP_PROTOCOL_VERSION,
    '--protocol-version',
    1,
  );
  const retries = wholeNumber(flags.retries ?? env.OPENDEP_RETRIES, '--retries', 0);
  const verbose = flags.verbose === true || env.OPENDEP_VERBOSE === '1';
  return new DepClient({
    token,
    baseUrl: baseUrlOf(flags.url ?? env.OPENDEP_URL ?? DEFAULT_EMULATOR_URL),
    userAgent: flags.userAgent ?? env.OPENDEP_USER_AGENT ?? CLI_USER_AGENT,
    ...(protocolVersion === undefined ? {} : { protocolVersion }),
    ...(retries === undefined ? {} : { retry: { retries } }),
    ...(verbose ? { logger: logToStderr } : {}),
  });
}

/**
 * Runs a command body and turns what it throws into an exit code and one line on
 * stderr. Sets `process.exitCode` rather than exiting, so piped output is flushed.
 */
export async function runCommand(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const { code, message } = exitFor(error);
    process.stderr.write(`opendep: ${message}\n`);
    process.exitCode = code;
  }
}

function baseUrlOf(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url ${text} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url must be http or https, not ${url.protocol}`);
  }
  return text;
}

function wholeNumber(text: string | undefined, flag: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min) {
    throw new UsageError(`${flag} must be a whole number of at least ${min}, got ${text}`);
  }
  return value;
}

/** The logger hook, as `--verbose` prints it; events hold no secrets by design. */
function logToStderr(event: DepLogEvent): void {
  const line = ((): string => {
    switch (event.event) {
      case 'request':
        return `${event.method} ${event.path} (attempt ${event.attempt})`;
      case 'response':
        return `${event.method} ${event.path} -> ${event.status} in ${event.durationMs} ms`;
      case 'retry':
        return (
          `retry ${event.retry} of ${event.method} ${event.path} ` +
          `after ${event.status}, in ${event.delayMs} ms`
        );
      case 'session':
        return `session: ${event.reason}`;
      case 'cursor':
        return `cursor: ${event.action} (${event.phase}${event.code ? `, ${event.code}` : ''})`;
    }
  })();
  process.stderr.write(`opendep: ${line}\n`);
}
