import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  appleCall,
  createMdmServer,
  sessionFor,
  startTestServer,
  type CreatedMdmServer,
  type TestServer,
} from './helpers/test-server.js';

const PROFILE = { profile_name: 'Faults', url: 'https://mdm.example.com/enroll' };

interface Rule {
  id: string;
  remaining: number | null;
  fired: number;
  seed: number;
}

describe('fault rules on Apple paths', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;
  let session: string;

  before(async () => {
    server = await startTestServer({ seed: false });
    mdm = await createMdmServer(server, ['FAULT0000001', 'FAULT0000002']);
    session = await sessionFor(server.url, mdm.token);
  });
  after(() => server.close());

  const define = (headers: Record<string, string> = {}) =>
    appleCall(server.url, session, 'POST', '/profile', { body: PROFILE, headers });
  const addRule = (rule: Record<string, unknown>) => server.admin<Rule>('POST', '/faults', rule);

  it('answers the next N matching requests, then lets them through', async () => {
    const added = await addRule({
      method: 'POST',
      path: '/profile',
      status: 503,
      times: 2,
      retry_after: 30,
    });
    assert.equal(added.status, 201);
    for (let i = 0; i < 2; i += 1) {
      const answer = await define();
      assert.equal(answer.status, 503);
      assert.equal(answer.text, 'SERVICE_UNAVAILABLE');
      assert.equal(answer.headers.get('retry-after'), '30');
      assert.equal(answer.headers.get('content-type'), 'text/plain;charset=UTF8');
    }
    assert.equal((await define()).status, 200);
    const listed = await server.admin<{ rules: Rule[] }>('GET', '/faults');
    const rule = listed.body.rules.find((r) => r.id === added.body.id);
    assert.deepEqual([rule?.remaining, rule?.fired], [0, 2]);
  });

  it('matches method and path exactly, or by a prefix', async () => {
    await server.admin('DELETE', '/faults');
    await addRule({ method: 'GET', path: '/profile', status: 500, times: 1 });
    assert.equal((await define()).status, 200, 'POST is not GET');
    await addRule({ path: '/profile*', status: 429, times: 1 });
    const answer = await appleCall(server.url, session, 'GET', '/profile?profile_uuid=X');
    assert.deepEqual([answer.status, answer.text], [500, 'INTERNAL_SERVER_ERROR']);
    const next = await appleCall(server.url, session, 'DELETE', '/profile/devices', {
      body: { devices: ['FAULT0000001'] },
    });
    assert.deepEqual([next.status, next.text], [429, 'TOO_MANY_REQUESTS']);
  });

  it('can be limited to one MDM server or one serial', async () => {
    await server.admin('DELETE', '/faults');
    const other = await createMdmServer(server);
    const otherSession = await sessionFor(server.url, other.token);
    await addRule({ server_uuid: other.server_uuid, status: 503 });
    assert.equal((await define()).status, 200);
    const hit = await appleCall(server.url, otherSession, 'POST', '/profile', { body: PROFILE });
    assert.equal(hit.status, 503);

    await server.admin('DELETE', '/faults');
    await addRule({ serial: 'FAULT0000002', status: 500, code: 'BOOM' });
    const miss = await appleCall(server.url, session, 'POST', '/profile/devices', {
      body: { profile_uuid: 'X', devices: ['FAULT0000001'] },
    });
    assert.equal(miss.status, 404);
    const serialHit = await appleCall(server.url, session, 'POST', '/profile/devices', {
      body: { profile_uuid: 'X', devices: ['FAULT0000001', 'FAULT0000002'] },
    });
    assert.deepEqual([serialHit.status, serialHit.text], [500, 'BOOM']);
    await server.admin('DELETE', '/faults');
  });

  it('fires always until removed, and removing takes effect at once', async () => {
    const added = await addRule({ path: '/profile', status: 502 });
    for (let i = 0; i < 3; i += 1) assert.equal((await define()).status, 502);
    assert.equal((await server.admin('DELETE', `/faults/${added.body.id}`)).status, 204);
    assert.equal((await define()).status, 200);
    assert.equal((await server.admin('DELETE', `/faults/${added.body.id}`)).status, 404);
  });

  it('with a probability and a seed, fires the same way on every replay', async () => {
    const run = async (): Promise<number[]> => {
      await server.admin('DELETE', '/faults');
      await addRule({ path: '/profile', status: 503, probability: 0.5, seed: 1234 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1) statuses.push((await define()).status);
      return statuses;
    };
    const first = await run();
    assert.deepEqual(await run(), first);
    assert.ok(first.includes(503) && first.includes(200), first.join());
    await server.admin('DELETE', '/faults');
  });

  it('can hand out a real new X-ADM-Auth-Session that the client may adopt', async () => {
    await addRule({
      path: '/profile',
      status: 401,
      code: 'UNAUTHORIZED',
      new_session: true,
      times: 1,
    });
    const answer = await define();
    assert.equal(answer.status, 401);
    const fresh = answer.headers.get('x-adm-auth-session');
    assert.ok(fresh !== null && fresh !== session);
    const adopted = await appleCall(server.url, fresh, 'POST', '/profile', { body: PROFILE });
    assert.equal(adopted.status, 200);
  });

  it('also answers /session, matched by the consumer key', async () => {
    await addRule({ path: '/session', server_uuid: mdm.server_uuid, status: 429, times: 1 });
    await assert.rejects(sessionFor(server.url, mdm.token), /429/);
    assert.ok((await sessionFor(server.url, mdm.token)).length > 0);
  });

  it('rejects bad rules with 400 and needs the admin token', async () => {
    assert.equal((await addRule({ status: 200 })).status, 400);
    assert.equal((await addRule({ status: 503, path: 'no-slash' })).status, 400);
    assert.equal((await addRule({ status: 503, probability: 2 })).status, 400);
    const anonymous = await fetch(`${server.url}/_opendep/faults`);
    assert.equal(anonymous.status, 401);
  });

  it('never touches the control plane itself', async () => {
    await addRule({ path: '*', status: 503 });
    assert.equal((await server.admin('GET', '/faults')).status, 200);
    assert.equal((await define()).status, 503);
    await server.admin('DELETE', '/faults');
    assert.equal((await define()).status, 200);
  });
});

describe('fault rules across restarts', () => {
  it('are cleared on start unless asked to be kept', async () => {
    const server = await startTestServer({ seed: false });
    try {
      await server.admin('POST', '/faults', { path: '/profile', status: 503 });
      await server.restart();
      assert.deepEqual((await server.admin<{ rules: Rule[] }>('GET', '/faults')).body.rules, []);
    } finally {
      await server.close();
    }

    const keeping = await startTestServer({ seed: false, keepFaults: true });
    try {
      await keeping.admin('POST', '/faults', { path: '/profile', status: 503 });
      await keeping.admin('POST', '/clock', { advance: 3600 });
      await keeping.restart();
      const rules = (await keeping.admin<{ rules: Rule[] }>('GET', '/faults')).body.rules;
      assert.equal(rules.length, 1);
      const clock = await keeping.admin<{ offset_seconds: number }>('GET', '/clock');
      assert.equal(clock.body.offset_seconds, 3600);
    } finally {
      await keeping.close();
    }
  });
});

describe('Apple paths with no active rule', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;

  before(async () => {
    server = await startTestServer({ seed: false });
    mdm = await createMdmServer(server, ['CLEAN0000001']);
  });
  after(() => server.close());

  it('answer exactly as before: statuses, bodies and headers', async () => {
    // A rule for another path must not change anything here either.
    await server.admin('POST', '/faults', { path: '/devices/sync', status: 503 });
    const session = await sessionFor(server.url, mdm.token);
    const defined = await appleCall(server.url, session, 'POST', '/profile', { body: PROFILE });
    assert.equal(defined.status, 200);
    assert.equal(defined.headers.get('content-type'), 'application/json;charset=UTF8');
    assert.equal(defined.headers.get('retry-after'), null);
    assert.equal(defined.headers.get('x-adm-auth-session'), null);
    const uuid = defined.json<{ profile_uuid: string }>().profile_uuid;

    const cases: Array<[string, string, unknown, number, string | undefined]> = [
      ['GET', '/profile?profile_uuid=NOPE', undefined, 404, 'NOT_FOUND'],
      ['POST', '/profile', '{broken', 400, 'MALFORMED_REQUEST_BODY'],
      ['POST', '/profile/devices', { profile_uuid: uuid }, 400, 'DEVICE_ID_REQUIRED'],
      ['PATCH', '/profile', undefined, 405, ''],
      ['GET', '/nowhere', undefined, 404, 'NOT_FOUND'],
    ];
    for (const [method, path, body, status, text] of cases) {
      const answer = await appleCall(server.url, session, method, path, {
        ...(body === undefined ? {} : { body }),
      });
      assert.equal(answer.status, status, `${method} ${path}`);
      assert.equal(answer.text, text, `${method} ${path}`);
    }
    const assigned = await appleCall(server.url, session, 'POST', '/profile/devices', {
      body: { profile_uuid: uuid, devices: ['CLEAN0000001', 'NOTMINE00001'] },
    });
    assert.deepEqual(assigned.json(), {
      profile_uuid: uuid,
      devices: { CLEAN0000001: 'SUCCESS', NOTMINE00001: 'NOT_ACCESSIBLE' },
    });
    const forbidden = await appleCall(server.url, 'bogus', 'GET', '/profile?profile_uuid=A');
    assert.deepEqual([forbidden.status, forbidden.text], [403, 'FORBIDDEN']);
  });
});
