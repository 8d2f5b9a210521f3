import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  clockAdvanced,
  clockFrozen,
  clockResumed,
  clockSetTo,
  emulatedNow,
  isRealTime,
  REAL_TIME,
  type ClockState,
} from '../src/domain/clock-control.js';
import { parseDurationSeconds } from '../src/domain/duration.js';

const instant = fc.integer({ min: 0, max: 4_102_444_800_000 });
const delta = fc.integer({ min: -400 * 86_400_000, max: 400 * 86_400_000 });
const state: fc.Arbitrary<ClockState> = fc.record({
  offsetMs: delta,
  frozenAt: fc.option(instant, { nil: null }),
});

describe('the emulated clock (pure arithmetic)', () => {
  it('is real time by default', () => {
    assert.equal(emulatedNow(REAL_TIME, 1234), 1234);
    assert.ok(isRealTime(REAL_TIME));
  });

  it('shows the set instant, frozen or running on from it', () => {
    fc.assert(
      fc.property(instant, instant, delta, (target, base, later) => {
        const frozen = clockSetTo(target, base, true);
        const running = clockSetTo(target, base, false);
        assert.equal(emulatedNow(frozen, base), target);
        assert.equal(emulatedNow(frozen, base + later), target);
        assert.equal(emulatedNow(running, base + later), target + later);
      }),
    );
  });

  it('advancing by ms moves now by exactly ms, frozen or not', () => {
    fc.assert(
      fc.property(state, delta, instant, (s, ms, base) => {
        assert.equal(emulatedNow(clockAdvanced(s, ms), base), emulatedNow(s, base) + ms);
      }),
    );
  });

  it('freezing and resuming keep the instant shown', () => {
    fc.assert(
      fc.property(state, instant, delta, (s, base, later) => {
        const frozen = clockFrozen(s, base);
        assert.equal(emulatedNow(frozen, base + later), emulatedNow(s, base));
        const resumed = clockResumed(frozen, base + later);
        assert.equal(resumed.frozenAt, null);
        assert.equal(emulatedNow(resumed, base + later), emulatedNow(s, base));
      }),
    );
  });

  it('advances compose', () => {
    fc.assert(
      fc.property(state, delta, delta, instant, (s, a, b, base) => {
        const twice = clockAdvanced(clockAdvanced(s, a), b);
        assert.deepEqual(twice, clockAdvanced(s, a + b));
        assert.ok(emulatedNow(twice, base) === emulatedNow(s, base) + a + b);
      }),
    );
  });
});

describe('durations', () => {
  it('reads seconds and unit strings', () => {
    assert.equal(parseDurationSeconds('90'), 90);
    assert.equal(parseDurationSeconds('-30'), -30);
    assert.equal(parseDurationSeconds('3d'), 3 * 86400);
    assert.equal(parseDurationSeconds('7d12h'), 7 * 86400 + 12 * 3600);
    assert.equal(parseDurationSeconds('1h30m15s'), 5415);
    assert.equal(parseDurationSeconds('-2h'), -7200);
    assert.equal(parseDurationSeconds(' 1.5h '), 5400);
  });

  it('rejects anything else', () => {
    for (const text of ['', 'd', '3 days', '3x', '1h-2m', 'h1', '--1']) {
      assert.equal(parseDurationSeconds(text), undefined, text);
    }
  });

  it('adds its parts, whatever their order', () => {
    const part = fc.record({
      n: fc.integer({ min: 0, max: 999 }),
      u: fc.constantFrom('d', 'h', 'm', 's'),
    });
    const size: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 6 }), (parts) => {
        const text = parts.map((p) => `${p.n}${p.u}`).join('');
        const expected = parts.reduce((sum, p) => sum + p.n * (size[p.u] ?? 0), 0);
        assert.equal(parseDurationSeconds(text), expected);
      }),
    );
  });
});
