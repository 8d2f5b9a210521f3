/**
 * How device paging scales: generating 1,000,000 devices, and the p50 of a fetch page of
 * 1000 and of a sync page of 1000 changes on a 1,000-device server and on a
 * 1,000,000-device server, in process, over real HTTP (SQLite in a temporary directory).
 *
 *   node --import tsx bench/devices-scale.ts [--big 1000000] [--runs 50]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sessionAuthorizationHeader } from '../src/client/oauth-signer.js';
import { resolveServeOptions } from '../src/serve/serve-options.js';
import { startServer } from '../src/serve/start.js';
import type { ServerToken } from '../src/token/server-token.js';

const ADMIN = 'devices-scale-bench';
const { values } = parseArgs({
  options: { big: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '50' } },
});
const BIG = Number(values.big);
const RUNS = Number(values.runs);

interface Page {
  devices: unknown[];
  cursor: string;
  more_to_follow: boolean;
}

async function admin<T>(url: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${url}/_opendep${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** An MDM server's Apple API: one session, POSTs that must answer 200. */
async function appleApi(url: string, token: ServerToken) {
  const authorization = sessionAuthorizationHeader({
    url: `${url}/session`,
    consumerKey: token.consumer_key,
    consumerSecret: token.consumer_secret,
    accessToken: token.access_token,
    accessSecret: token.access_secret,
  });
  const headers = { 'user-agent': 'devices-scale/1', 'x-server-protocol-version': '10' };
  const session = await fetch(`${url}/session`, { headers: { ...headers, authorization } });
  const { auth_session_token } = (await session.json()) as { auth_session_token: string };
  return async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { ...headers, 'x-adm-auth-session': auth_session_token },
      body: JSON.stringify(body),
    });
    if (response.status !== 200)
      throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

function p50(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 10) / 10;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function repeat(work: () => Promise<unknown>): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) samples.push(await timed(work));
  return p50(samples);
}

async function measureServer(url: string, count: number) {
  const created = await admin<{ server_uuid: string; token: ServerToken }>(url, '/servers', {
    server_name: `scale ${count}`,
  });
  const generateMs = await timed(() =>
    admin(url, '/devices/generate', { server_uuid: created.server_uuid, count }),
  );
  const call = await appleApi(url, created.token);

  const firstPage = await repeat(() => call<Page>('/server/devices', { limit: 1000 }));
  // Walk the whole fetch, keeping a cursor from the middle and the final one.
  let page = await call<Page>('/server/devices', { limit: 1000 });
  const cursors: string[] = [];
  while (page.more_to_follow) {
    cursors.push(page.cursor);
    page = await call<Page>('/server/devices', { cursor: page.cursor, limit: 1000 });
  }
  const middle = cursors[Math.floor(cursors.length / 2)];
  const deepPage =
    middle === undefined
      ? firstPage
      : await repeat(() => call('/server/devices', { cursor: middle }));

  // 1000 changes after the fetch, then the sync page that returns them.
  const profile = await call<{ profile_uuid: string }>('/profile', {
    profile_name: 'scale',
    url: 'https://mdm.example.com/enroll',
  });
  const serials = (await call<Page>('/server/devices', { limit: 1000 })).devices.map(
    (device) => (device as { serial_number: string }).serial_number,
  );
  await call('/profile/devices', { profile_uuid: profile.profile_uuid, devices: serials });
  const syncPage = await repeat(async () => {
    const answer = await call<Page>('/devices/sync', { cursor: page.cursor, limit: 1000 });
    if (answer.devices.length !== 1000) throw new Error(`sync gave ${answer.devices.length}`);
  });
  return { count, generateMs: Math.round(generateMs), firstPage, deepPage, syncPage };
}

const dir = mkdtempSync(join(tmpdir(), 'opendep-scale-'));
const running = await startServer({
  ...resolveServeOptions({}, {}),
  port: 0,
  db: join(dir, 'scale.db'),
  adminToken: ADMIN,
  seed: false,
  log: false,
  assignThrottle: { maxAssignments: 0, windowSeconds: 60 },
});
try {
  const small = await measureServer(running.url, 1000);
  const big = await measureServer(running.url, BIG);
  const result = {
    generate: {
      devices: BIG,
      ms: big.generateMs,
      perSecond: Math.round(BIG / (big.generateMs / 1000)),
    },
    p50_ms: {
      fetch_first_page: { small: small.firstPage, big: big.firstPage },
      fetch_middle_page: { small: small.deepPage, big: big.deepPage },
      sync_page_of_1000: { small: small.syncPage, big: big.syncPage },
    },
    runs: RUNS,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
}
