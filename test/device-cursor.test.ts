import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decodeCursor,
  encodeCursor,
  MAX_CURSOR_LENGTH,
  type CursorState,
} from '../src/domain/cursor.js';
import {
  admitFetchCursor,
  admitSyncCursor,
  CURSOR_LIFETIME_MS,
  DEVICE_PAGE_LIMIT,
  readCursorText,
  readPageLimit,
  syncPositionOf,
} from '../src/domain/device-paging.js';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef');
const SERVER = 'A1B2C3D4E5F60718293A4B5C6D7E8F90';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const position = fc.integer({ min: 0, max: 999_999_999_999_999 });
const serial = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

const fetchState = fc.record(
  {
    kind: fc.constant('fetch' as const),
    issuedAt: position,
    since: position,
    mark: position,
    after: fc.option(fc.record({ joinedSeq: position, serial }, { noNullPrototype: true }), {
      nil: null,
    }),
    done: fc.boolean(),
  },
  { noNullPrototype: true },
);
const syncState = fc.record(
  {
    kind: fc.constant('sync' as const),
    issuedAt: position,
    since: position,
    position,
  },
  { noNullPrototype: true },
);
const anyState: fc.Arbitrary<CursorState> = fc.oneof(fetchState, syncState);

/** One change to a string: a character replaced, inserted or removed, or a cut. */
const tampering = fc.oneof(
  fc.record({
    kind: fc.constant('replace'),
    at: fc.nat(),
    char: fc.string({ minLength: 1, maxLength: 1 }),
  }),
  fc.record({
    kind: fc.constant('insert'),
    at: fc.nat(),
    char: fc.constantFrom(...BASE64URL, '=', '!', ' '),
  }),
  fc.record({ kind: fc.constant('remove'), at: fc.nat(), char: fc.constant('') }),
  fc.record({ kind: fc.constant('cut'), at: fc.nat(), char: fc.constant('') }),
);

function tamper(text: string, change: { kind: string; at: number; char: string }): string {
  const at = change.at % (text.length + 1);
  if (change.kind === 'replace') {
    const index = at % text.length;
    const current = text[index] ?? '';
    const next = change.char === current ? (current === 'A' ? 'B' : 'A') : change.char;
    return text.slice(0, index) + next + text.slice(index + 1);
  }
  if (change.kind === 'insert') return text.slice(0, at) + change.char + text.slice(at);
  if (change.kind === 'remove')
    return text.slice(0, at % text.length) + text.slice((at % text.length) + 1);
  return text.slice(0, at % text.length);
}

describe('cursor codec', () => {
  it('round-trips every state', () => {
    fc.assert(
      fc.property(anyState, (state) => {
        const cursor = encodeCursor(state, SERVER, SECRET);
        assert.ok(cursor.length <= MAX_CURSOR_LENGTH);
        assert.match(cursor, /^[A-Za-z0-9_-]+$/);
        assert.deepEqual(decodeCursor(cursor, SERVER, SECRET), state);
      }),
    );
  });

  it('never throws, and accepts nothing it did not issue', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.base64String()),
        (text) => {
          assert.equal(decodeCursor(text, SERVER, SECRET), undefined);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects any tampering: a changed, added or removed character, or a cut', () => {
    fc.assert(
      fc.property(anyState, tampering, (state, change) => {
        const cursor = encodeCursor(state, SERVER, SECRET);
        const changed = tamper(cursor, change);
        fc.pre(changed !== cursor);
        assert.equal(decodeCursor(changed, SERVER, SECRET), undefined);
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects a cursor of another MDM server, or signed with another secret', () => {
    fc.assert(
      fc.property(
        anyState,
        fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF'), minLength: 32, maxLength: 32 }),
        (state, other) => {
          fc.pre(other !== SERVER);
          const cursor = encodeCursor(state, SERVER, SECRET);
          assert.equal(decodeCursor(cursor, other, SECRET), undefined);
          assert.equal(decodeCursor(cursor, SERVER, Buffer.from('another secret')), undefined);
        },
      ),
    );
  });

  it('rejects re-signed fields it cannot read, and anything over 1000 characters', () => {
    assert.equal(decodeCursor('A'.repeat(MAX_CURSOR_LENGTH + 1), SERVER, SECRET), undefined);
    assert.equal(decodeCursor('', SERVER, SECRET), undefined);
  });
});

describe('page limits and cursor admission', () => {
  it('defaults, truncates and caps limit; only JSON numbers are read', () => {
    const cases: Array<[unknown, number | 'MALFORMED']> = [
      [undefined, DEVICE_PAGE_LIMIT.default],
      [null, DEVICE_PAGE_LIMIT.default],
      [0, DEVICE_PAGE_LIMIT.default],
      [-5, DEVICE_PAGE_LIMIT.default],
      [0.5, DEVICE_PAGE_LIMIT.default],
      [1, 1],
      [2.9, 2],
      [1000, 1000],
      [1001, DEVICE_PAGE_LIMIT.maximum],
      [1e12, DEVICE_PAGE_LIMIT.maximum],
      ['100', 'MALFORMED'],
      [true, 'MALFORMED'],
      [[10], 'MALFORMED'],
    ];
    for (const [raw, expected] of cases) {
      const read = readPageLimit(raw);
      assert.deepEqual(read.ok ? read.value : 'MALFORMED', expected, String(raw));
    }
  });

  it('reads a cursor as text; absent, null and "" mean none', () => {
    assert.deepEqual(readCursorText(undefined), { ok: true, value: undefined });
    assert.deepEqual(readCursorText(''), { ok: true, value: undefined });
    assert.deepEqual(readCursorText(null), { ok: true, value: undefined });
    assert.deepEqual(readCursorText('abc'), { ok: true, value: 'abc' });
    assert.deepEqual(readCursorText(12), { ok: false, code: 'MALFORMED_REQUEST_BODY' });
  });

  it('sends finished fetches and sync cursors from fetch to sync, and expires after 7 days', () => {
    const base = { issuedAt: 1_000, since: 1_000 };
    const open: CursorState = { kind: 'fetch', ...base, mark: 5, after: null, done: false };
    const done: CursorState = { ...open, done: true };
    const sync: CursorState = { kind: 'sync', ...base, position: 9 };
    const fresh = 1_000 + CURSOR_LIFETIME_MS;
    const stale = fresh + 1;

    assert.equal(admitFetchCursor(open, fresh), undefined);
    assert.equal(admitFetchCursor(open, stale), 'EXPIRED_CURSOR');
    assert.equal(admitFetchCursor(done, fresh), 'EXHAUSTED_CURSOR');
    assert.equal(admitFetchCursor(done, stale), 'EXHAUSTED_CURSOR');
    assert.equal(admitFetchCursor(sync, fresh), 'EXHAUSTED_CURSOR');
    for (const state of [open, done, sync]) {
      assert.equal(admitSyncCursor(state, fresh), undefined);
      assert.equal(admitSyncCursor(state, stale), 'EXPIRED_CURSOR');
    }
    assert.deepEqual([open, done, sync].map(syncPositionOf), [5, 5, 9]);
  });
});
