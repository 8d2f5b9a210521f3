import { DepNetworkError } from '../client/errors.js';
import { DEFAULT_EMULATOR_URL } from './client-options.js';
import { UsageError } from './exit-codes.js';

/** Where the emulator's control plane is, and the admin bearer token for it. */
export interface AdminTarget {
  url: string;
  adminToken: string;
}

export interface AdminFlags {
  url?: string;
  adminToken?: string;
}

/** Flags first, then OPENDEP_URL / OPENDEP_ADMIN_TOKEN; a token is required. */
export function adminTargetFrom(flags: AdminFlags, env = process.env): AdminTarget {
  const adminToken = flags.adminToken ?? env.OPENDEP_ADMIN_TOKEN;
  if (adminToken === undefined || adminToken === '') {
    throw new UsageError('the control plane needs --admin-token (or OPENDEP_ADMIN_TOKEN)');
  }
  const url = (flags.url ?? env.OPENDEP_URL ?? DEFAULT_EMULATOR_URL).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(url)) throw new UsageError(`--url ${url} is not an http(s) URL`);
  return { url, adminToken };
}

/** A control-plane call; a non-2xx answer throws its `{"error"}` message. */
export async function adminCall<T>(
  target: AdminTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${target.url}/_opendep${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new DepNetworkError(method, `/_opendep${path}`, error);
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = String((JSON.parse(text) as { error?: unknown }).error ?? text);
    } catch {
      // Not JSON: keep the text.
    }
    throw new Error(`${method} /_opendep${path} answered ${response.status}: ${message}`);
  }
  return JSON.parse(text) as T;
}
