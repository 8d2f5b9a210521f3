import type { Command } from 'commander';
import { EXIT, UsageError } from '../exit-codes.js';

export const DEFAULT_CONTROL_URL = 'http://127.0.0.1:8080';

export interface AdminFlags {
  url?: string;
  adminToken?: string;
}

/** The control plane answered with an error. */
export class ControlPlaneError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(`${status} ${message}`);
    this.name = 'ControlPlaneError';
  }
}

/** `--url` and `--admin-token`, mirrored by OPENDEP_URL and OPENDEP_ADMIN_TOKEN. */
export function withAdminOptions(command: Command): Command {
  return command
    .option('--url <url>', `emulator base URL (OPENDEP_URL, default ${DEFAULT_CONTROL_URL})`)
    .option('--admin-token <token>', 'control-plane bearer token (OPENDEP_ADMIN_TOKEN)');
}

/** One control-plane call: JSON in, JSON (or nothing) out. */
export async function adminRequest<T = unknown>(
  flags: AdminFlags,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const token = flags.adminToken ?? process.env.OPENDEP_ADMIN_TOKEN;
  if (token === undefined || token === '') {
    throw new UsageError('the admin token is needed: --admin-token or OPENDEP_ADMIN_TOKEN');
  }
  const base = (flags.url ?? process.env.OPENDEP_URL ?? DEFAULT_CONTROL_URL).replace(/\/+$/, '');
  const response = await fetch(`${base}/_opendep${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) {
    const message = (parsed as { error?: unknown } | undefined)?.error;
    throw new ControlPlaneError(response.status, typeof message === 'string' ? message : text);
  }
  return parsed as T;
}

export function printJson(value: unknown): void {
  if (value !== undefined) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Runs a control command: usage errors exit 2, control-plane errors 1, network 4. */
export async function runControlCommand(work: () => Promise<unknown>): Promise<void> {
  try {
    printJson(await work());
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      process.stderr.write(`opendep: ${message}\n`);
      process.exit(EXIT.usage);
    }
    if (error instanceof ControlPlaneError) {
      process.stderr.write(`opendep: ${message}\n`);
      process.exit(EXIT.failure);
    }
    if (error instanceof TypeError && /fetch failed/.test(message)) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? '';
      process.stderr.write(`opendep: network failure: ${cause}\n`);
      process.exit(EXIT.network);
    }
    throw error;
  }
}

/** A whole number from a flag, or a usage error naming the flag. */
export function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number`);
  return Number(value);
}

/** The entries whose value is not undefined. */
export function defined(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

/** `?a=1&b=2` of the defined entries, or nothing. */
export function query(entries: Record<string, string | number | undefined>): string {
  const kept = defined(entries) as Record<string, string | number>;
  const params = new URLSearchParams(
    Object.entries(kept).map(([key, value]): [string, string] => [key, String(value)]),
  );
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
