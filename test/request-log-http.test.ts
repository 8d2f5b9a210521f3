import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  appleCall,
  createMdmServer,
  requestSession,
  sessionFor,
  startTestServer,
  type CreatedMdmServer,
  type TestServer,
} from './helpers/test-server.js';

interface Entry {
  id: number;
  method: string;
  path: string;
  server_uuid: string | null;
  status: number;
  code: string | null;
  latency_ms: number;
  fault_id: string | null;
  request_body?: unknown;
  response_body?: unknown;
}

interface Page {
  entries: Entry[];
  last_id: number;
  size: number;
}

describe('request log of Apple paths', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;

  before(async () => {
    server = await startTestServer({ seed: false });
    mdm = await createMdmServer(server, ['LOGD00000001']);
  });
  after(() => server.close());

  const log = (query = '') => server.admin<Page>('GET', `/log${query}`);

  it('records method, path, server, status, code and latency of each exchange', async () => {
    await server.admin('DELETE', '/log');
    const session = await sessionFor(server.url, mdm.token);
    await appleCall(server.url, session, 'GET', '/profile?profile_uuid=NOPE');
    const entries = (await log()).body.entries;
    assert.deepEqual(
      entries.map((e) => [e.method, e.path, e.status, e.code, e.server_uuid]),
      [
        ['GET', '/session', 200, null, mdm.server_uuid],
        ['GET', '/profile', 404, 'NOT_FOUND', mdm.server_uuid],
      ],
    );
    assert.ok(entries.every((e) => e.latency_ms >= 0));
    assert.equal((await server.admin<Page>('GET', '/servers')).status, 200);
    assert.equal((await log()).body.entries.length, 2, 'control-plane calls are not logged');
  });

  it('filters by path, server, status and since_id', async () => {
    const before = (await log()).body.last_id;
    const session = await sessionFor(server.url, mdm.token);
    await appleCall(server.url, session, 'POST', '/profile', { body: '{' });
    assert.deepEqual(
      (await log(`?since_id=${before}`)).body.entries.map((e) => e.path),
      ['/session', '/profile'],
    );
    assert.equal(
      (await log('?status=4xx&path=/profile')).body.entries.at(-1)?.code,
      'MALFORMED_REQUEST_BODY',
    );
    assert.equal((await log(`?server=${mdm.server_uuid}&limit=1`)).body.entries.length, 1);
    assert.equal((await log('?server=NOBODY')).body.entries.length, 0);
    assert.equal((await log('?status=abc')).status, 400);
  });

  it('notes which fault rule answered', async () => {
    const rule = await server.admin<{ id: string }>('POST', '/faults', {
      path: '/profile',
      status: 503,
      times: 1,
    });
    const session = await sessionFor(server.url, mdm.token);
    await appleCall(server.url, session, 'GET', '/profile?profile_uuid=A');
    const last = (await log('?limit=1')).body.entries[0];
    assert.deepEqual([last?.status, last?.fault_id], [503, rule.body.id]);
  });

  it('never holds secrets, even with bodies on', async () => {
    await server.admin('PATCH', '/log', { bodies: true });
    const answer = await requestSession(server.url, mdm.token);
    const token = answer.json<{ auth_session_token: string }>().auth_session_token;
    await appleCall(server.url, token, 'POST', '/profile', {
      body: { profile_name: 'Logged', url: 'https://mdm.example.com/' },
    });
    const text = JSON.stringify((await log()).body);
    for (const secret of [
      token,
      mdm.token.consumer_secret,
      mdm.token.access_token,
      'oauth_signature',
    ]) {
      assert.ok(!text.includes(secret), `log contains ${secret.slice(0, 12)}`);
    }
    const entries = (await log('?limit=2')).body.entries;
    assert.deepEqual(entries[0]?.response_body, { auth_session_token: '[redacted]' });
    assert.deepEqual(entries[1]?.request_body, {
      profile_name: 'Logged',
      url: 'https://mdm.example.com/',
    });
    await server.admin('PATCH', '/log', { bodies: false });
  });

  it('keeps only the size of a request body it cannot parse', async () => {
    await server.admin('PATCH', '/log', { bodies: true });
    const session = await sessionFor(server.url, mdm.token);
    const secret = 'A'.repeat(64);
    const broken = `{"device":"LOGD00000001","escrow_key":"${secret}",`;
    const answer = await appleCall(server.url, session, 'POST', '/device/activationlock', {
      body: broken,
    });
    assert.equal(answer.status, 400);
    const entry = (await log('?limit=1')).body.entries[0];
    assert.equal(entry?.path, '/device/activationlock');
    assert.equal(entry.request_body, `[unparsable body, ${broken.length} bytes]`);
    assert.ok(!JSON.stringify((await log()).body).includes(secret));
    await server.admin('PATCH', '/log', { bodies: false });
  });

  it('is bounded, resizable and clearable; ids keep counting', async () => {
    await server.admin('PATCH', '/log', { size: 3 });
    for (let i = 0; i < 5; i += 1)
      await appleCall(server.url, 'x', 'GET', '/profile?profile_uuid=A');
    const page = (await log()).body;
    assert.equal(page.entries.length, 3);
    assert.equal(page.size, 3);
    await server.admin('DELETE', '/log');
    assert.equal((await log()).body.entries.length, 0);
    await appleCall(server.url, 'x', 'GET', '/profile?profile_uuid=A');
    assert.equal((await log()).body.entries[0]?.id, page.last_id + 1);
  });
});
