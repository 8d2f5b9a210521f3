import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  criteriaMatch,
  drawFires,
  faultHeaders,
  lineMatches,
  pathMatches,
  serialsOfRequest,
  type FaultRule,
} from '../src/faults/fault-rule.js';
import { parseFaultRule } from '../src/faults/fault-rule-input.js';
import { seededDraw } from '../src/faults/seeded-draw.js';

function rule(fields: Record<string, unknown>): FaultRule {
  const parsed = parseFaultRule({ status: 503, ...fields }, 'flt_test', 0);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

describe('fault rules: reading them from the control plane', () => {
  it('fills in defaults: any method, any path, the status name as code, always', () => {
    const parsed = rule({});
    assert.equal(parsed.method, '*');
    assert.equal(parsed.path, '*');
    assert.equal(parsed.code, 'SERVICE_UNAVAILABLE');
    assert.equal(parsed.remaining, null);
    assert.equal(parsed.probability, null);
    assert.ok(Number.isInteger(parsed.seed));
    assert.equal(rule({ status: 429 }).code, 'TOO_MANY_REQUESTS');
    assert.equal(rule({ status: 405 }).code, '');
  });

  it('rejects what cannot be a rule', () => {
    const bad: Array<Record<string, unknown>> = [
      { status: 200 },
      { status: 600 },
      { method: 'PATCH' },
      { path: 'profile' },
      { path: '/_opendep/faults' },
      { path: '/profile?x=1' },
      { code: 'TWO\nLINES' },
      { retry_after: -1 },
      { times: 0 },
      { probability: 0 },
      { probability: 1.5 },
      { seed: -3 },
      { new_session: 'yes' },
      { server_uuid: '' },
    ];
    for (const fields of bad) {
      assert.equal(
        parseFaultRule({ status: 503, ...fields }, 'x', 0).ok,
        false,
        JSON.stringify(fields),
      );
    }
  });
});

describe('fault rules: matching', () => {
  it('matches exact paths, prefixes ending in *, and *', () => {
    assert.ok(pathMatches('/profile', '/profile'));
    assert.ok(!pathMatches('/profile', '/profile/devices'));
    assert.ok(pathMatches('/profile*', '/profile/devices'));
    assert.ok(pathMatches('*', '/anything'));
    assert.ok(
      lineMatches(rule({ method: 'post', path: '/profile' }), { method: 'POST', path: '/profile' }),
    );
    assert.ok(
      !lineMatches(rule({ method: 'GET', path: '/profile' }), { method: 'POST', path: '/profile' }),
    );
  });

  it('a prefix pattern matches exactly the paths that start with it', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prefix, rest) => {
        assert.equal(pathMatches(`${prefix}*`, `${prefix}${rest}`), true);
        assert.equal(pathMatches(`${prefix}*`, rest), rest.startsWith(prefix));
      }),
    );
  });

  it('checks server and serial only when the rule names them', () => {
    const any = rule({});
    const forServer = rule({ server_uuid: 'S1' });
    const forSerial = rule({ serial: 'C02X' });
    assert.ok(criteriaMatch(any, undefined, []));
    assert.ok(criteriaMatch(forServer, 'S1', []));
    assert.ok(!criteriaMatch(forServer, 'S2', []));
    assert.ok(!criteriaMatch(forServer, undefined, []));
    assert.ok(criteriaMatch(forSerial, undefined, ['A', 'C02X']));
    assert.ok(!criteriaMatch(forSerial, 'S1', ['A']));
  });

  it('finds serials in devices, device, and the query', () => {
    assert.deepEqual(serialsOfRequest('{"devices":["A","B",3]}', {}), ['A', 'B']);
    assert.deepEqual(serialsOfRequest('{"device":"C"}', { device: 'D' }), ['C', 'D']);
    assert.deepEqual(serialsOfRequest('not json', undefined), []);
  });

  it('adds Retry-After only when asked', () => {
    assert.deepEqual(faultHeaders(rule({})), {});
    assert.deepEqual(faultHeaders(rule({ retry_after: 30 })), { 'retry-after': '30' });
  });
});

describe('seeded draws', () => {
  it('are in [0, 1) and the same for the same seed and position', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.nat(1_000_000), (seed, n) => {
        const draw = seededDraw(seed, n);
        assert.ok(draw >= 0 && draw < 1);
        assert.equal(seededDraw(seed, n), draw);
      }),
    );
  });

  it('fire about as often as the probability says', () => {
    const half = rule({ probability: 0.3, seed: 42 });
    let fired = 0;
    for (let n = 1; n <= 10_000; n += 1) if (drawFires(half, seededDraw(half.seed, n))) fired += 1;
    assert.ok(fired > 2700 && fired < 3300, String(fired));
  });

  it('replay: the same seed gives the same sequence of firings', () => {
    const a = rule({ probability: 0.5, seed: 7 });
    const run = () => Array.from({ length: 50 }, (_, i) => drawFires(a, seededDraw(a.seed, i + 1)));
    assert.deepEqual(run(), run());
    assert.notDeepEqual(
      run(),
      Array.from({ length: 50 }, (_, i) => drawFires(a, seededDraw(8, i + 1))),
    );
  });
});
