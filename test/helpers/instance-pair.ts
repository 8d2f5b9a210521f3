import { randomBytes } from 'node:crypto';
import { sessionAuthorizationHeader } from '../../src/client/oauth-signer.js';
import type { ServerToken } from '../../src/token/server-token.js';
import { startServeProcess, type ServeProcess } from './cli-process.js';
import { USER_AGENT } from './test-server.js';

/** The public address both instances sit behind, as a load balancer would forward it. */
export const PUBLIC_HOST = 'dep.example.test';
const PUBLIC_SESSION_URL = `https://${PUBLIC_HOST}/session`;
export const FORWARDED = { 'x-forwarded-host': PUBLIC_HOST, 'x-forwarded-proto': 'https' };

export interface Instance {
  process: ServeProcess;
  url: string;
  adminToken: string;
}

/** `opendep serve` on `db` as a process, behind an imagined proxy, quiet. */
export async function startInstance(db: string): Promise<Instance> {
  const serve = await startServeProcess(['--port', '0', '--db', db, '--no-seed', '--trust-proxy'], {
    OPENDEP_LOG_LEVEL: 'warn',
    OPENDEP_ADMIN_TOKEN: '',
  });
  const adminToken = /admin token: +(\S+)/.exec(serve.banner)?.[1];
  if (adminToken === undefined) throw new Error(`no admin token in ${serve.banner}`);
  return { process: serve, url: serve.url, adminToken };
}

/** A control-plane call; throws unless the status is 2xx. */
export async function admin<T>(
  instance: Instance,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${instance.url}/_opendep${path}`, {
    method,
    headers: {
      authorization: `Bearer ${instance.adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

/**
 * The Authorization header of `GET /session` as a client sees the service: signed for the
 * public URL, so the same header is valid through either instance.
 */
export function publicSessionHeader(token: ServerToken, nonce = randomBytes(12).toString('hex')) {
  return sessionAuthorizationHeader({
    url: PUBLIC_SESSION_URL,
    consumerKey: token.consumer_key,
    consumerSecret: token.consumer_secret,
    accessToken: token.access_token,
    accessSecret: token.access_secret,
    nonce,
  });
}

/** `GET /session` through `instance` with a prepared header: status and body. */
export async function sessionThrough(
  instance: Instance,
  authorization: string,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${instance.url}/session`, {
    headers: { authorization, 'user-agent': USER_AGENT, ...FORWARDED },
  });
  return { status: response.status, text: await response.text() };
}

/** A new session through `instance`, or a thrown error. */
export async function newSession(instance: Instance, token: ServerToken): Promise<string> {
  const answer = await sessionThrough(instance, publicSessionHeader(token));
  if (answer.status !== 200) throw new Error(`session answered ${answer.status}`);
  return (JSON.parse(answer.text) as { auth_session_token: string }).auth_session_token;
}
