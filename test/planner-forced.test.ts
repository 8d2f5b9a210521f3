import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

describe('the assignment planner with forced outcomes', async () => {
  const { planAssign, planRemove } = await import('../src/domain/profile-assignment.js');
  const device = (serial: string, server: string | null) =>
    ({
      serial_number: serial,
      server_uuid: server,
      profile_uuid: 'OLD',
      profile_status: 'assigned',
    }) as never;
  const devices = new Map([
    ['A', device('A', 'S1')],
    ['B', device('B', 'S1')],
    ['C', device('C', 'S2')],
  ]);
  const forced = new Map([
    ['A', { outcome: 'FAILED' as const, retryAfterSeconds: 1, ruleId: 'r1' }],
    ['B', { outcome: 'THROTTLED' as const, retryAfterSeconds: 30, ruleId: 'r2' }],
    ['C', { outcome: 'FAILED' as const, retryAfterSeconds: 1, ruleId: 'r3' }],
  ]);
  const throttling = { throttled: new Map<string, number>(), protocolVersion: 10 };

  it('answers the forced outcome for visible devices and changes none of them', () => {
    const plan = planAssign(['A', 'B', 'C'], devices, 'S1', 'NEW', 0, throttling, forced);
    assert.deepEqual(plan.results, { A: 'FAILED', B: 'THROTTLED', C: 'NOT_ACCESSIBLE' });
    assert.deepEqual(plan.changed, []);
    assert.equal(plan.retryAfterSeconds, 30);
  });

  it('never lets a forced device change, whatever the marks', () => {
    fc.assert(
      fc.property(
        fc.subarray(['A', 'B']),
        fc.constantFrom('FAILED', 'THROTTLED', 'NOT_ACCESSIBLE'),
        (marked, outcome) => {
          const marks = new Map(
            marked.map((serial) => [serial, { outcome, retryAfterSeconds: 5, ruleId: serial }]),
          );
          const plan = planAssign(['A', 'B'], devices, 'S1', 'NEW', 0, throttling, marks as never);
          const changed = plan.changed.map((d: { serial_number: string }) => d.serial_number);
          assert.ok(marked.every((serial) => !changed.includes(serial)));
          assert.equal(changed.length, 2 - marked.length);
        },
      ),
    );
  });

  it('on remove, shows THROTTLED as FAILED', () => {
    const plan = planRemove(['A', 'B'], devices, 'S1', forced);
    assert.deepEqual(plan.results, { A: 'FAILED', B: 'FAILED' });
  });
});
