import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DepClient, DepError, parseRetryAfter, type RetryOptions } from '../src/client/index.js';
import {
  startStub,
  stubToken,
  withSessions,
  type StubReply,
  type StubServer,
} from './helpers/stub-server.js';

const NOW = new Date('2026-03-01T12:00:00Z');

/** A stub answering GET /account with `replies` in turn, then 200. */
async function scripted(replies: StubReply[]): Promise<StubServer> {
  const queue = [...replies];
  return startStub(withSessions(() => queue.shift() ?? { body: { server_name: 'ok' } }));
}

function clientFor(stub: StubServer, retry: RetryOptions & { slept?: number[] } = {}) {
  const slept = retry.slept ?? [];
  return new DepClient({
    token: stubToken(),
    baseUrl: stub.url,
    now: () => NOW,
    retry: {
      random: () => 0,
      ...retry,
      sleep: async (ms) => {
        slept.push(ms);
      },
    },
  });
}

describe('DepClient retries 429 and 503', () => {
  const stubs: StubServer[] = [];
  after(() => Promise.all(stubs.map((stub) => stub.close())));
  const track = (stub: StubServer) => (stubs.push(stub), stub);

  it('waits the seconds of Retry-After, then succeeds', async () => {
    const stub = track(
      await scripted([{ status: 503, body: '', headers: { 'retry-after': '7' } }]),
    );
    const slept: number[] = [];
    const account = await clientFor(stub, { slept }).getAccount();
    assert.equal(account.server_name, 'ok');
    assert.deepEqual(slept, [7000]);
    assert.equal(stub.calls().length, 2);
  });

  it('reads Retry-After as an HTTP date', async () => {
    const at = new Date(NOW.getTime() + 30_000).toUTCString();
    const stub = track(await scripted([{ status: 429, body: '', headers: { 'retry-after': at } }]));
    const slept: number[] = [];
    await clientFor(stub, { slept }).getAccount();
    assert.deepEqual(slept, [30_000]);
  });

  it('backs off exponentially with jitter when there is no Retry-After', async () => {
    const busy = { status: 503, body: 'SERVICE_UNAVAILABLE' };
    const stub = track(await scripted([busy, busy, busy]));
    const low: number[] = [];
    await clientFor(stub, { slept: low, baseDelayMs: 1000, random: () => 0 }).getAccount();
    assert.deepEqual(low, [500, 1000, 2000]);

    const stub2 = track(await scripted([busy, busy, busy]));
    const high: number[] = [];
    await clientFor(stub2, { slept: high, baseDelayMs: 1000, random: () => 0.5 }).getAccount();
    assert.deepEqual(high, [750, 1500, 3000]);
  });

  it('caps the backoff step at maxDelayMs', async () => {
    const busy = { status: 429, body: 'TOO_MANY_REQUESTS' };
    const stub = track(await scripted([busy, busy, busy, busy]));
    const slept: number[] = [];
    const client = clientFor(stub, { slept, retries: 4, baseDelayMs: 1000, maxDelayMs: 2500 });
    await client.getAccount();
    assert.deepEqual(slept, [500, 1000, 1250, 1250]);
  });

  it('gives up after the configured retries with the last answer as DepError', async () => {
    const busy = { status: 503, body: 'SERVICE_UNAVAILABLE' };
    const stub = track(await scripted([busy, busy, busy]));
    const slept: number[] = [];
    await assert.rejects(clientFor(stub, { slept, retries: 2 }).getAccount(), (error: unknown) => {
      assert.ok(error instanceof DepError);
      assert.deepEqual([error.status, error.code], [503, 'SERVICE_UNAVAILABLE']);
      return true;
    });
    assert.equal(slept.length, 2);
    assert.equal(stub.calls().length, 3);
  });

  it('does not retry at all with retries: 0', async () => {
    const stub = track(
      await scripted([{ status: 429, body: '', headers: { 'retry-after': '1' } }]),
    );
    const slept: number[] = [];
    await assert.rejects(clientFor(stub, { slept, retries: 0 }).getAccount(), DepError);
    assert.deepEqual(slept, []);
  });

  it('reports a Retry-After beyond the cap instead of coming back early', async () => {
    const stub = track(
      await scripted([
        { status: 429, body: 'TOO_MANY_REQUESTS', headers: { 'retry-after': '3600' } },
      ]),
    );
    const slept: number[] = [];
    await assert.rejects(
      clientFor(stub, { slept, maxDelayMs: 60_000 }).getAccount(),
      (error: unknown) =>
        error instanceof DepError && error.status === 429 && error.retryAfterMs === 3_600_000,
    );
    assert.deepEqual(slept, []);
    assert.equal(stub.calls().length, 1);
  });

  it('leaves other statuses alone', async () => {
    const stub = track(await scripted([{ status: 500, body: 'INTERNAL_SERVER_ERROR' }]));
    const slept: number[] = [];
    await assert.rejects(clientFor(stub, { slept }).getAccount(), { status: 500 });
    assert.deepEqual(slept, []);
  });

  it('retries GET /session too, signing each attempt afresh', async () => {
    let sessions = 0;
    const stub = track(
      await startStub((request) => {
        if (request.path !== '/session') return { body: { server_name: 'ok' } };
        sessions += 1;
        return sessions === 1
          ? { status: 429, body: 'TOO_MANY_REQUESTS', headers: { 'retry-after': '0' } }
          : { body: { auth_session_token: 'S' } };
      }),
    );
    await clientFor(stub).getAccount();
    const [first, second] = stub.sessions().map((r) => String(r.headers.authorization));
    assert.ok(first !== undefined && second !== undefined);
    const nonce = (header: string) => /oauth_nonce="([^"]+)"/.exec(header)?.[1];
    assert.notEqual(nonce(first), nonce(second));
  });

  it('replays the same body after a 503', async () => {
    const stub = track(await scripted([{ status: 503, body: '' }]));
    await clientFor(stub).defineProfile({ profile_name: 'R', url: 'https://r.example/' });
    const [a, b] = stub.calls().map((r) => r.body);
    assert.equal(a, b);
    assert.match(a ?? '', /"profile_name":"R"/);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates, and ignores the rest', () => {
    assert.equal(parseRetryAfter('120', NOW), 120_000);
    assert.equal(parseRetryAfter(' 0 ', NOW), 0);
    assert.equal(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', NOW), 30_000);
    assert.equal(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', NOW), 0);
    for (const junk of ['-1', '1.5', '', 'soon', '12.3.2026']) {
      assert.equal(parseRetryAfter(junk, NOW), undefined, junk);
    }
    assert.equal(parseRetryAfter(null, NOW), undefined);
  });
});
