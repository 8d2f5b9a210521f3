import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { RingBuffer } from '../src/control/ring-buffer.js';
import {
  loggableQuery,
  queryLog,
  redactSecrets,
  type LogEntry,
} from '../src/control/request-log-query.js';
import { callVerdict, sessionVerdict, type AccountState } from '../src/faults/account-state.js';
import { quirkFor, stuckPage, type CursorQuirk } from '../src/faults/cursor-quirk.js';
import { forcedOutcomes, type DeviceOutcomeRule } from '../src/faults/device-outcome-rule.js';

describe('ring buffer', () => {
  it('keeps the newest `capacity` items, oldest first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer()), (capacity, items) => {
        const ring = new RingBuffer<number>(capacity);
        for (const item of items) ring.push(item);
        assert.deepEqual(ring.toArray(), items.slice(-capacity));
        assert.equal(ring.size, Math.min(capacity, items.length));
      }),
    );
  });

  it('resizes keeping the newest, and clears', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer()),
        (first, second, items) => {
          const ring = new RingBuffer<number>(first);
          for (const item of items) ring.push(item);
          ring.resize(second);
          assert.deepEqual(ring.toArray(), items.slice(-first).slice(-second));
          ring.push(1);
          assert.ok(ring.size <= second);
        },
      ),
    );
    const ring = new RingBuffer<number>(2);
    ring.push(1);
    ring.clear();
    assert.deepEqual(ring.toArray(), []);
    assert.throws(() => new RingBuffer(0), RangeError);
  });
});

function entry(id: number, fields: Partial<LogEntry> = {}): LogEntry {
  return {
    id,
    timeMs: id * 1000,
    method: 'POST',
    path: '/profile',
    query: {},
    serverUuid: 'S1',
    status: 200,
    code: null,
    latencyMs: 1,
    faultId: null,
    ...fields,
  };
}

describe('request log queries', () => {
  const entries = [
    entry(1),
    entry(2, { status: 503, code: 'SERVICE_UNAVAILABLE' }),
    entry(3, { path: '/profile/devices', serverUuid: 'S2', status: 404 }),
    entry(4, { method: 'GET', path: '/session', serverUuid: null }),
  ];
  const ids = (filter: Parameters<typeof queryLog>[1]) =>
    queryLog(entries, filter).map((e) => e.id);

  it('filters by path, method, server, status (exact or class), since and since_id', () => {
    assert.deepEqual(ids({}), [1, 2, 3, 4]);
    assert.deepEqual(ids({ path: '/profile' }), [1, 2]);
    assert.deepEqual(ids({ path: '/profile*' }), [1, 2, 3]);
    assert.deepEqual(ids({ method: 'get' }), [4]);
    assert.deepEqual(ids({ server: 'S2' }), [3]);
    assert.deepEqual(ids({ status: '5xx' }), [2]);
    assert.deepEqual(ids({ status: '404' }), [3]);
    assert.deepEqual(ids({ sinceId: 2 }), [3, 4]);
    assert.deepEqual(ids({ sinceMs: 3000 }), [3, 4]);
    assert.deepEqual(ids({ limit: 2 }), [3, 4]);
  });

  it('never returns more than asked, and only entries after since_id', () => {
    fc.assert(
      fc.property(fc.nat(6), fc.integer({ min: 1, max: 6 }), (sinceId, limit) => {
        const found = queryLog(entries, { sinceId, limit });
        assert.ok(found.length <= limit);
        assert.ok(found.every((e) => e.id > sinceId));
      }),
    );
  });

  it('redacts secrets at any depth and drops OAuth query parameters', () => {
    const body = { auth_session_token: 'x', nested: [{ escrow_key: 'k', serial: 'A' }] };
    assert.deepEqual(redactSecrets(body), {
      auth_session_token: '[redacted]',
      nested: [{ escrow_key: '[redacted]', serial: 'A' }],
    });
    assert.deepEqual(loggableQuery({ oauth_signature: 's', profile_uuid: 'P' }), {
      profile_uuid: 'P',
    });
  });
});

describe('account states', () => {
  const caller = { server_uuid: 'S1', org_id: 'O1' };
  const state = (fields: Partial<AccountState>): AccountState => ({
    state: 'terms_not_accepted',
    scope: 'server',
    target: 'S1',
    variant: 'default',
    ...fields,
  });

  it('refuse /session and calls as Apple does', () => {
    assert.equal(sessionVerdict([], caller), undefined);
    assert.deepEqual(sessionVerdict([state({})], caller), {
      code: 'T_C_NOT_SIGNED',
      body: 'T_C_NOT_SIGNED',
    });
    assert.equal(
      callVerdict([state({ scope: 'org', target: 'O1' })], caller)?.body,
      'T_C_NOT_SIGNED',
    );
    assert.equal(callVerdict([state({ target: 'S2' })], caller), undefined);
    const revoked = state({ state: 'token_revoked', variant: 'token_rejected' });
    assert.deepEqual(sessionVerdict([revoked], caller), {
      code: 'TOKEN_REJECTED',
      body: 'oauth_problem=token_rejected',
    });
    assert.equal(callVerdict([revoked], caller)?.body, 'FORBIDDEN');
    const expired = state({ state: 'token_expired', variant: 'unauthorized' });
    assert.equal(sessionVerdict([expired], caller)?.body, 'UNAUTHORIZED');
    assert.equal(callVerdict([expired], caller), undefined);
  });

  it('let a refused token hide the other states', () => {
    const states = [
      state({}),
      state({ state: 'access_denied' }),
      state({ state: 'token_revoked', variant: 'forbidden' }),
    ];
    assert.equal(sessionVerdict(states, caller)?.body, 'FORBIDDEN');
    assert.equal(sessionVerdict(states.slice(0, 2), caller)?.body, 'ACCESS_DENIED');
  });
});

describe('per-device outcome marks', () => {
  const mark = (fields: Partial<DeviceOutcomeRule>): DeviceOutcomeRule => ({
    id: 'd1',
    serial: 'A',
    outcome: 'FAILED',
    operations: ['define', 'assign', 'remove'],
    retryAfterSeconds: null,
    remaining: null,
    expiresAt: null,
    createdAt: 1,
    ...fields,
  });

  it('apply to their serials and operations while live', () => {
    const marks = [
      mark({}),
      mark({
        id: 'd2',
        serial: 'B',
        outcome: 'THROTTLED',
        operations: ['assign'],
        expiresAt: 61_000,
      }),
      mark({ id: 'd3', serial: 'C', remaining: 0 }),
    ];
    const now = 1_000;
    const forced = forcedOutcomes(marks, ['A', 'B', 'C', 'D'], 'assign', now);
    assert.deepEqual([...forced.keys()], ['A', 'B']);
    assert.equal(forced.get('B')?.outcome, 'THROTTLED');
    assert.equal(forced.get('B')?.retryAfterSeconds, 60);
    assert.deepEqual([...forcedOutcomes(marks, ['B'], 'remove', now).keys()], []);
    assert.deepEqual([...forcedOutcomes(marks, ['B'], 'assign', 61_000).keys()], []);
  });

  it('let the oldest mark of a serial win', () => {
    const marks = [
      mark({ id: 'late', outcome: 'NOT_ACCESSIBLE', createdAt: 5 }),
      mark({ id: 'early', createdAt: 2 }),
    ];
    assert.equal(forcedOutcomes(marks, ['A'], 'define', 0).get('A')?.ruleId, 'early');
  });
});

describe('cursor quirks', () => {
  const quirk = (fields: Partial<CursorQuirk>): CursorQuirk => ({
    id: 'c1',
    serverUuid: null,
    endpoint: 'both',
    remaining: 2,
    createdAt: 1,
    ...fields,
  });

  it('pick a live quirk for the server and endpoint', () => {
    assert.equal(quirkFor([quirk({})], 'S1', 'sync')?.id, 'c1');
    assert.equal(quirkFor([quirk({ serverUuid: 'S2' })], 'S1', 'sync'), undefined);
    assert.equal(quirkFor([quirk({ endpoint: 'fetch' })], 'S1', 'sync'), undefined);
    assert.equal(quirkFor([quirk({ remaining: 0 })], 'S1', 'fetch'), undefined);
  });

  it('serve the cursor that came in, with more to follow', () => {
    const page = { devices: [], cursor: 'NEW', more_to_follow: false };
    assert.deepEqual(stuckPage(page, 'OLD'), { devices: [], cursor: 'OLD', more_to_follow: true });
    assert.deepEqual(stuckPage(page, undefined), {
      devices: [],
      cursor: 'NEW',
      more_to_follow: true,
    });
  });
});

describe('the OpenAPI generator', async () => {
  const { openApiDocument } = await import('../src/openapi/openapi-document.js');
  const document = openApiDocument(
    [
      { method: 'GET', url: '/session', schema: { summary: 'S', 'x-apple-errors': ['X'] } },
      {
        method: 'DELETE',
        url: '/_opendep/faults/:id',
        schema: { params: { type: 'object', properties: { id: { type: 'string' } } } },
      },
      { method: 'HEAD', url: '/session', schema: undefined },
      { method: 'GET', url: '/_opendep/health', schema: undefined },
    ],
    '1.2.3',
  ) as {
    info: { version: string };
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };

  it('turns routes into operations, path parameters into {name}', () => {
    assert.equal(document.info.version, '1.2.3');
    assert.deepEqual(Object.keys(document.paths).sort(), [
      '/_opendep/faults/{id}',
      '/_opendep/health',
      '/session',
    ]);
    assert.deepEqual(document.paths['/_opendep/faults/{id}']?.delete?.parameters, [
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ]);
  });

  it('marks security: OAuth on /session, the admin token on the control plane but health', () => {
    assert.deepEqual(document.paths['/session']?.get?.security, [{ oauth1: [] }]);
    assert.deepEqual(document.paths['/session']?.get?.['x-apple-errors'], ['X']);
    assert.deepEqual(document.paths['/_opendep/faults/{id}']?.delete?.security, [
      { adminBearer: [] },
    ]);
    assert.deepEqual(document.paths['/_opendep/health']?.get?.security, []);
  });
});
