import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  CursorLoopError,
  DepClient,
  DepProtocolError,
  isDepError,
  type DepLogEvent,
  type DevicePage,
  type DevicePagesOptions,
} from '../src/client/index.js';
import {
  startStub,
  stubToken,
  withSessions,
  type StubReply,
  type StubRequest,
  type StubServer,
} from './helpers/stub-server.js';

type Route = (cursor: string | undefined, request: StubRequest) => StubReply;

/** A device page answer: `n` made-up devices, the next cursor, and whether more follow. */
function page(cursor: string, more: boolean, serials: string[] = []): StubReply {
  return {
    body: {
      cursor,
      more_to_follow: more,
      fetched_until: '2026-03-01T12:00:00Z',
      devices: serials.map((serial_number) => ({ serial_number })),
    },
  };
}

const refuse = (code: string): StubReply => ({ status: 400, body: code });

interface Walk {
  server: StubServer;
  pages: DevicePage[];
  error: unknown;
  events: DepLogEvent[];
  /** `fetch:<cursor>` / `sync:<cursor>` per request, in order. */
  trail: string[];
}

describe('DepClient.devicePages: the fetch / sync dance', () => {
  const stubs: StubServer[] = [];
  after(() => Promise.all(stubs.map((stub) => stub.close())));

  async function walk(fetch: Route, sync: Route, options: DevicePagesOptions = {}): Promise<Walk> {
    const trail: string[] = [];
    const server = await startStub(
      withSessions((request) => {
        const cursor = (JSON.parse(request.body || '{}') as { cursor?: string }).cursor;
        const kind = request.path === '/server/devices' ? 'fetch' : 'sync';
        trail.push(`${kind}:${cursor ?? '-'}`);
        return kind === 'fetch' ? fetch(cursor, request) : sync(cursor, request);
      }),
    );
    stubs.push(server);
    const events: DepLogEvent[] = [];
    const client = new DepClient({
      token: stubToken(),
      baseUrl: server.url,
      logger: (event) => events.push(event),
    });
    const pages: DevicePage[] = [];
    let error: unknown;
    try {
      for await (const one of client.devicePages(options)) pages.push(one);
    } catch (caught) {
      error = caught;
    }
    return { server, pages, error, events, trail };
  }

  it('fetches from no cursor until done, then syncs from the last cursor', async () => {
    const result = await walk(
      (cursor) =>
        cursor === undefined
          ? page('F1', true, ['A', 'B'])
          : cursor === 'F1'
            ? page('F2', true, ['C'])
            : page('F3', false, ['D']),
      (cursor) => (cursor === 'F3' ? page('S1', false, []) : refuse('INVALID_CURSOR')),
      { limit: 2 },
    );
    assert.equal(result.error, undefined);
    assert.deepEqual(result.trail, ['fetch:-', 'fetch:F1', 'fetch:F2', 'sync:F3']);
    assert.deepEqual(
      result.pages.map((p) => [p.phase, p.cursor, p.devices.length, p.moreToFollow]),
      [
        ['fetch', 'F1', 2, true],
        ['fetch', 'F2', 1, true],
        ['fetch', 'F3', 1, false],
        ['sync', 'S1', 0, false],
      ],
    );
    const limits = result.server
      .calls()
      .map((r) => (JSON.parse(r.body) as { limit: number }).limit);
    assert.deepEqual(limits, [2, 2, 2, 2]);
  });

  it('stops after the fetch when told not to sync', async () => {
    const result = await walk(
      () => page('F1', false, ['A']),
      () => page('S', false),
      { syncAfterFetch: false },
    );
    assert.deepEqual(result.trail, ['fetch:-']);
  });

  it('switches to sync on EXHAUSTED_CURSOR, keeping the cursor', async () => {
    const result = await walk(
      () => refuse('EXHAUSTED_CURSOR'),
      (cursor) => (cursor === 'OLD' ? page('S1', true, ['A']) : page('S2', false, ['B'])),
      { cursor: 'OLD' },
    );
    assert.deepEqual(result.trail, ['fetch:OLD', 'sync:OLD', 'sync:S1']);
    assert.deepEqual(
      result.pages.map((p) => [p.phase, p.cursor]),
      [
        ['sync', 'S1'],
        ['sync', 'S2'],
      ],
    );
    assert.ok(result.events.some((e) => e.event === 'cursor' && e.action === 'switch-to-sync'));
  });

  it('goes straight to sync when told the cursor is a sync cursor', async () => {
    const result = await walk(
      () => refuse('EXHAUSTED_CURSOR'),
      () => page('S2', false),
      { cursor: 'S1', phase: 'sync' },
    );
    assert.deepEqual(result.trail, ['sync:S1']);
  });

  for (const code of ['INVALID_CURSOR', 'EXPIRED_CURSOR']) {
    it(`restarts with a full fetch on ${code}, flagging the restart`, async () => {
      const result = await walk(
        (cursor) => (cursor === undefined ? page('F1', false, ['A', 'B']) : refuse(code)),
        (cursor) => (cursor === 'F1' ? page('S1', false) : refuse(code)),
        { cursor: 'STALE', phase: 'sync' },
      );
      assert.equal(result.error, undefined);
      assert.deepEqual(result.trail, ['sync:STALE', 'fetch:-', 'sync:F1']);
      assert.deepEqual(
        result.pages.map((p) => p.restarted),
        [true, false],
      );
      assert.ok(result.events.some((e) => e.event === 'cursor' && e.action === 'restart'));
    });
  }

  it('restarts only once: a server refusing its own cursors is an error', async () => {
    const result = await walk(
      (cursor) => (cursor === undefined ? page('F1', true, ['A']) : refuse('INVALID_CURSOR')),
      () => refuse('INVALID_CURSOR'),
      { cursor: 'STALE' },
    );
    assert.ok(isDepError(result.error, 'INVALID_CURSOR'));
    assert.deepEqual(result.trail, ['fetch:STALE', 'fetch:-', 'fetch:F1']);
    assert.equal(result.pages.length, 1);
  });

  it('hands over the page, then stops on a cursor that does not advance', async () => {
    const result = await walk(
      (cursor) => (cursor === undefined ? page('F1', true, ['A']) : page('F1', true, ['B'])),
      () => page('S', false),
    );
    assert.ok(result.error instanceof CursorLoopError);
    assert.equal(result.error.cursor, 'F1');
    assert.equal(result.error.phase, 'fetch');
    assert.deepEqual(result.trail, ['fetch:-', 'fetch:F1']);
    assert.deepEqual(
      result.pages.map((p) => p.devices[0]?.serial_number),
      ['A', 'B'],
    );
    assert.ok(result.events.some((e) => e.event === 'cursor' && e.action === 'loop'));
  });

  it('detects the loop in sync as well', async () => {
    const result = await walk(
      () => refuse('EXHAUSTED_CURSOR'),
      () => page('SAME', true, ['A']),
      { cursor: 'SAME' },
    );
    assert.ok(result.error instanceof CursorLoopError);
    assert.equal(result.error.phase, 'sync');
    assert.deepEqual(result.trail, ['fetch:SAME', 'sync:SAME']);
  });

  it('asks for the next page only once the caller has taken the previous one', async () => {
    const server = await startStub(
      withSessions((request) => {
        const cursor = (JSON.parse(request.body) as { cursor?: string }).cursor;
        return cursor === undefined ? page('F1', true, ['A']) : page('F2', false, ['B']);
      }),
    );
    stubs.push(server);
    const client = new DepClient({ token: stubToken(), baseUrl: server.url });
    const pages = client.devicePages({ syncAfterFetch: false });
    const first = await pages.next();
    assert.equal(first.done, false);
    assert.equal(server.calls().length, 1);
    // The caller stores first.value.cursor here; nothing else has been asked for yet.
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(server.calls().length, 1);
    const second = await pages.next();
    assert.equal(second.value?.cursor, 'F2');
    assert.equal(server.calls().length, 2);
    assert.equal((await pages.next()).done, true);
  });

  it('refuses to follow a page that promises more but has no cursor', async () => {
    const result = await walk(
      () => ({ body: { devices: [], more_to_follow: true, fetched_until: 'x' } }),
      () => page('S', false),
    );
    assert.ok(result.error instanceof DepProtocolError);
  });

  it('keeps the previous cursor when a last page comes without one', async () => {
    const result = await walk(
      () => page('F1', false, ['A']),
      () => ({ body: { devices: [], more_to_follow: false } }),
    );
    assert.equal(result.error, undefined);
    assert.equal(result.pages.at(-1)?.cursor, 'F1');
  });
});
