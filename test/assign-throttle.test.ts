import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { throttledOutcome, throttleVerdict } from '../src/domain/assign-throttle.js';
import type { Device } from '../src/domain/device.js';
import { planAssign } from '../src/domain/profile-assignment.js';
import { sampleDevice } from './helpers/device-fixture.js';

const RULE = { maxAssignments: 3, windowSeconds: 60 };

function device(serial: string, server: string): Device {
  return sampleDevice({ serial_number: serial, server_uuid: server });
}

describe('throttleVerdict', () => {
  it('lets a device through until it has max assignments inside the window', () => {
    const now = 100_000;
    assert.deepEqual(throttleVerdict([], now, RULE), { throttled: false });
    assert.deepEqual(throttleVerdict([now - 1000, now - 500], now, RULE), { throttled: false });
    assert.deepEqual(throttleVerdict([now - 59_000, now - 2000, now - 1000], now, RULE), {
      throttled: true,
      retryAfterSeconds: 1,
    });
    // Older than the window: forgotten.
    assert.deepEqual(throttleVerdict([now - 60_000, now - 2000, now - 1000], now, RULE), {
      throttled: false,
    });
  });

  it('is off with a count of 0', () => {
    assert.deepEqual(throttleVerdict([1, 2, 3, 4], 5, { ...RULE, maxAssignments: 0 }), {
      throttled: false,
    });
  });

  it('asks for exactly the wait that frees a slot', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 59_999 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 4 }),
        (ages, max) => {
          const now = 1_000_000;
          const rule = { maxAssignments: max, windowSeconds: 60 };
          const times = ages.map((age) => now - age);
          const verdict = throttleVerdict(times, now, rule);
          assert.equal(verdict.throttled, times.length >= max);
          if (!verdict.throttled) return;
          const later = now + verdict.retryAfterSeconds * 1000;
          assert.equal(throttleVerdict(times, later, rule).throttled, false);
          if (verdict.retryAfterSeconds > 1) {
            const sooner = later - 1000;
            assert.equal(throttleVerdict(times, sooner, rule).throttled, true);
          }
        },
      ),
    );
  });
});

describe('planAssign with throttling', () => {
  const devices = new Map([
    ['AAAA00000001', device('AAAA00000001', 'S1')],
    ['AAAA00000002', device('AAAA00000002', 'S1')],
  ]);
  const throttled = new Map([['AAAA00000002', 120]]);
  const serials = ['AAAA00000001', 'AAAA00000002', 'ZZZZ00000009'];

  it('answers THROTTLED from 9, FAILED before, and retry_after_seconds from 10', () => {
    for (const [version, status, retry] of [
      [3, 'FAILED', undefined],
      [8, 'FAILED', undefined],
      [9, 'THROTTLED', undefined],
      [10, 'THROTTLED', 120],
    ] as const) {
      const plan = planAssign(serials, devices, 'S1', 'P1', 5, {
        throttled,
        protocolVersion: version,
      });
      assert.deepEqual(plan.results, {
        AAAA00000001: 'SUCCESS',
        AAAA00000002: status,
        ZZZZ00000009: 'NOT_ACCESSIBLE',
      });
      assert.equal(plan.retryAfterSeconds, retry);
      assert.deepEqual(
        plan.changed.map((d) => d.serial_number),
        ['AAAA00000001'],
      );
    }
    assert.equal(throttledOutcome(9), 'THROTTLED');
  });
});
