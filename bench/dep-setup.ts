import { sessionAuthorizationHeader } from '../src/client/oauth-signer.js';
import type { ServerToken } from '../src/token/server-token.js';

export const USER_AGENT = 'opendep-bench/1.0';
export const ADMIN_TOKEN = 'bench-admin-token';

/** Headers every Apple call of the benchmark carries, the session aside. */
export function appleHeaders(session: string): Record<string, string> {
  return {
    'x-adm-auth-session': session,
    'user-agent': USER_AGENT,
    'x-server-protocol-version': '3',
    'content-type': 'application/json;charset=UTF8',
  };
}

/** A control-plane call; throws unless 2xx. */
export async function admin<T>(baseUrl: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${baseUrl}/_opendep${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as T;
}

/** The Authorization header of a fresh `GET /session`: new nonce, current time. */
export function signSession(baseUrl: string, token: ServerToken): string {
  return sessionAuthorizationHeader({
    url: `${baseUrl}/session`,
    consumerKey: token.consumer_key,
    consumerSecret: token.consumer_secret,
    accessToken: token.access_token,
    accessSecret: token.access_secret,
  });
}

export async function newSession(baseUrl: string, token: ServerToken): Promise<string> {
  const response = await fetch(`${baseUrl}/session`, {
    headers: { authorization: signSession(baseUrl, token), 'user-agent': USER_AGENT },
  });
  if (response.status !== 200) throw new Error(`session answered ${response.status}`);
  return ((await response.json()) as { auth_session_token: string }).auth_session_token;
}

/** An Apple call made during setup; throws unless 200. */
export async function appleCall<T>(
  baseUrl: string,
  session: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: appleHeaders(session),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status !== 200) {
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as T;
}

export const PROFILE = {
  profile_name: 'Bench Profile',
  url: 'https://mdm.example.com/enroll',
  is_supervised: true,
  is_mdm_removable: false,
  department: 'Load Testing',
  skip_setup_items: ['AppleID', 'Location', 'TOS'],
};
