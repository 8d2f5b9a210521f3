import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sessionAuthorizationHeader } from '../../src/client/oauth-signer.js';
import { ManualClock, type Clock } from '../../src/domain/clock.js';
import { resolveServeOptions, type ServeOptions } from '../../src/serve/serve-options.js';
import { startServer, type RunningServer } from '../../src/serve/start.js';
import type { ServerToken } from '../../src/token/server-token.js';
import { createTestDatabase } from './test-database.js';

export const ADMIN_TOKEN = 'test-admin-token';
export const USER_AGENT = 'opendep-tests/1.0';

export interface TestServer {
  url: string;
  dir: string;
  clock: ManualClock;
  running: RunningServer;
  /** Stops and starts again on the same database and clock (on a new port, so no client
   * reuses a pooled connection the old process closed). */
  restart(): Promise<void>;
  close(): Promise<void>;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<AdminResponse<T>>;
}

export interface AdminResponse<T> {
  status: number;
  body: T;
}

/**
 * The real server on a free port, with a movable clock, over a fresh database: a temporary
 * SQLite file, or a schema of its own when `OPENDEP_TEST_DB` names PostgreSQL.
 */
export async function startTestServer(overrides: Partial<ServeOptions> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'opendep-test-'));
  const database = createTestDatabase(dir);
  const options: ServeOptions = {
    ...resolveServeOptions({}, {}),
    port: 0,
    db: database.url,
    adminToken: ADMIN_TOKEN,
    log: false,
    ...overrides,
  };
  const clock = new ManualClock(new Date());
  let running = await startServer(options, clock as Clock);

  const server: TestServer = {
    get url() {
      return running.url;
    },
    dir,
    clock,
    get running() {
      return running;
    },
    async restart() {
      await running.close();
      running = await startServer(options, clock);
    },
    async close() {
      await running.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
    async admin<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${running.url}/_opendep${path}`, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
    },
  };
  return server;
}

export interface CreatedMdmServer {
  server_uuid: string;
  server_name: string;
  token: ServerToken;
}

let serverCounter = 0;

/** A new MDM server through the control plane, with `serials` assigned to it. */
export async function createMdmServer(
  server: TestServer,
  serials: string[] = [],
): Promise<CreatedMdmServer> {
  serverCounter += 1;
  const created = await server.admin<CreatedMdmServer>('POST', '/servers', {
    server_name: `Test MDM ${serverCounter} ${Date.now()}`,
  });
  if (created.status !== 201) throw new Error(`creating a server answered ${created.status}`);
  if (serials.length > 0) {
    const added = await server.admin('POST', '/devices', {
      server_uuid: created.body.server_uuid,
      devices: serials.map((serial_number) => ({ serial_number })),
    });
    if (added.status !== 201) throw new Error(`adding devices answered ${added.status}`);
  }
  return created.body;
}

export interface RawResponse {
  status: number;
  text: string;
  headers: Headers;
  json<T = Record<string, unknown>>(): T;
}

async function raw(response: Response): Promise<RawResponse> {
  const text = await response.text();
  return {
    status: response.status,
    text,
    headers: response.headers,
    json: <T>() => JSON.parse(text) as T,
  };
}

/** `GET /session` signed for `token`; `tweak` can change the header or the signing inputs. */
export async function requestSession(
  baseUrl: string,
  token: ServerToken,
  options: { now?: Date; nonce?: string; signUrl?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const url = `${baseUrl}/session`;
  const authorization = sessionAuthorizationHeader({
    url: options.signUrl ?? url,
    consumerKey: token.consumer_key,
    consumerSecret: token.consumer_secret,
    accessToken: token.access_token,
    accessSecret: token.access_secret,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
  });
  return raw(
    await fetch(url, {
      headers: { authorization, 'user-agent': USER_AGENT, ...options.headers },
    }),
  );
}

/** A session token for `token`, or a thrown error. */
export async function sessionFor(baseUrl: string, token: ServerToken): Promise<string> {
  const response = await requestSession(baseUrl, token);
  if (response.status !== 200) throw new Error(`session answered ${response.status}`);
  return response.json<{ auth_session_token: string }>().auth_session_token;
}

/**
 * A low-level Apple call: exact status, body and headers, so tests can assert the bare
 * error codes. `body` is sent as given when a string, else as JSON.
 */
export async function appleCall(
  baseUrl: string,
  session: string | undefined,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string | undefined> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    'x-server-protocol-version': '3',
    'content-type': 'application/json;charset=UTF8',
  };
  if (session !== undefined) headers['x-adm-auth-session'] = session;
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  return raw(
    await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) }),
  );
}

/** A request through node:http, which (unlike fetch) can leave out User-Agent entirely. */
export async function bareHttpCall(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
