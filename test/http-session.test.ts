import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sessionAuthorizationHeader } from '../src/client/oauth-signer.js';
import {
  appleCall,
  bareHttpCall,
  createMdmServer,
  requestSession,
  sessionFor,
  startTestServer,
  USER_AGENT,
  type CreatedMdmServer,
  type TestServer,
} from './helpers/test-server.js';

describe('GET /session (OAuth 1.0a, realm ADM)', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;

  before(async () => {
    server = await startTestServer({ sessionTtlSeconds: 60 });
    mdm = await createMdmServer(server, ['SESS00000001']);
  });
  after(() => server.close());

  it('answers a correctly signed request with an auth_session_token', async () => {
    const response = await requestSession(server.url, mdm.token);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json;charset=UTF8');
    const body = response.json();
    assert.deepEqual(Object.keys(body), ['auth_session_token']);
    assert.match(String(body.auth_session_token), /^\d{13}O[0-9A-F]{8}O[0-9A-F]{48}$/);
  });

  it('rejects a bad signature with 401 UNAUTHORIZED', async () => {
    const forged = { ...mdm.token, consumer_secret: `${mdm.token.consumer_secret}x` };
    const response = await requestSession(server.url, forged);
    assert.equal(response.status, 401);
    assert.equal(response.text, 'UNAUTHORIZED');
  });

  it('rejects a signature made for another URL', async () => {
    const response = await requestSession(server.url, mdm.token, {
      signUrl: 'https://mdmenrollment.apple.com/session',
    });
    assert.equal(response.status, 401);
  });

  it('rejects timestamps more than 5 minutes away, either way, and accepts 4 minutes', async () => {
    const now = server.clock.now().getTime();
    const stale = await requestSession(server.url, mdm.token, { now: new Date(now - 301_000) });
    const future = await requestSession(server.url, mdm.token, { now: new Date(now + 302_000) });
    const fine = await requestSession(server.url, mdm.token, { now: new Date(now - 240_000) });
    assert.deepEqual([stale.status, future.status, fine.status], [401, 401, 200]);
  });

  it('rejects a reused nonce inside the window', async () => {
    const nonce = `nonce-${Date.now()}`;
    const first = await requestSession(server.url, mdm.token, { nonce });
    const replay = await requestSession(server.url, mdm.token, { nonce });
    assert.equal(first.status, 200);
    assert.equal(replay.status, 401);
    assert.equal(replay.text, 'UNAUTHORIZED');
  });

  it('rejects an unknown consumer key and a token of another server', async () => {
    const unknown = { ...mdm.token, consumer_key: 'CK_0000' };
    const other = await createMdmServer(server);
    const mixed = { ...mdm.token, access_token: other.token.access_token };
    assert.equal((await requestSession(server.url, unknown)).status, 401);
    assert.equal((await requestSession(server.url, mixed)).status, 401);
  });

  it('answers 401 without an Authorization header and 400 for a malformed one', async () => {
    const missing = await appleCall(server.url, undefined, 'GET', '/session');
    assert.equal(missing.status, 401);
    const garbage = await appleCall(server.url, undefined, 'GET', '/session', {
      headers: { authorization: 'OAuth this is not it' },
    });
    assert.equal(garbage.status, 400);
  });

  it('answers 400 for a duplicated parameter, a missing one, and another method', async () => {
    const header = sessionAuthorizationHeader({
      url: `${server.url}/session`,
      consumerKey: mdm.token.consumer_key,
      consumerSecret: mdm.token.consumer_secret,
      accessToken: mdm.token.access_token,
      accessSecret: mdm.token.access_secret,
    });
    const cases = [
      `${header}, oauth_nonce="again"`,
      header.replace(/, oauth_nonce="[^"]*"/, ''),
      header.replace('HMAC-SHA1', 'PLAINTEXT'),
    ];
    for (const authorization of cases) {
      const response = await appleCall(server.url, undefined, 'GET', '/session', {
        headers: { authorization },
      });
      assert.equal(response.status, 400, authorization);
    }
  });

  it('refuses a server token past its access_token_expiry', async () => {
    const later = await createMdmServer(server);
    server.clock.advance(366 * 24 * 3600 * 1000);
    try {
      const response = await requestSession(server.url, later.token, { now: server.clock.now() });
      assert.equal(response.status, 401);
    } finally {
      server.clock.advance(-366 * 24 * 3600 * 1000);
    }
  });
});

describe('X-ADM-Auth-Session on the other endpoints', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;

  before(async () => {
    server = await startTestServer({ sessionTtlSeconds: 60, userAgentDenyList: ['badclient'] });
    mdm = await createMdmServer(server);
  });
  after(() => server.close());

  const getProfile = (session: string | undefined, headers = {}) =>
    appleCall(server.url, session, 'GET', '/profile?profile_uuid=ABC', { headers });

  it('answers 403 FORBIDDEN for a missing or forged session', async () => {
    for (const session of [undefined, '', '1700000000000O00000000OFORGED']) {
      const response = await getProfile(session);
      assert.equal(response.status, 403);
      assert.equal(response.text, 'FORBIDDEN');
      assert.equal(response.headers.get('content-type'), 'text/plain;charset=UTF8');
    }
  });

  it('answers 401 UNAUTHORIZED once the session has outlived its TTL', async () => {
    const session = await sessionFor(server.url, mdm.token);
    assert.equal((await getProfile(session)).status, 404);
    server.clock.advance(59_000);
    assert.equal((await getProfile(session)).status, 404);
    server.clock.advance(1_000);
    const expired = await getProfile(session);
    assert.equal(expired.status, 401);
    assert.equal(expired.text, 'UNAUTHORIZED');
  });

  it('answers 400 USER_AGENT_MISSING and USER_AGENT_INVALID', async () => {
    const session = await sessionFor(server.url, mdm.token);
    const missing = await bareHttpCall(server.url, 'GET', '/profile?profile_uuid=A', {
      'x-adm-auth-session': session,
    });
    assert.deepEqual(missing, { status: 400, text: 'USER_AGENT_MISSING' });
    const denied = await getProfile(session, { 'user-agent': 'BadClient/2.0' });
    assert.equal(denied.status, 400);
    assert.equal(denied.text, 'USER_AGENT_INVALID');
    assert.equal((await getProfile(session, { 'user-agent': USER_AGENT })).status, 404);
  });

  it('checks the session before the User-Agent', async () => {
    const response = await bareHttpCall(server.url, 'GET', '/profile?profile_uuid=A', {});
    assert.deepEqual(response, { status: 403, text: 'FORBIDDEN' });
  });

  it('keeps sessions across a restart on the same database', async () => {
    const session = await sessionFor(server.url, mdm.token);
    await server.restart();
    const response = await getProfile(session);
    assert.equal(response.status, 404);
    assert.equal(response.text, 'NOT_FOUND');
  });
});

describe('GET /session realm', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;

  before(async () => {
    server = await startTestServer();
    mdm = await createMdmServer(server);
  });
  after(() => server.close());

  function header(): string {
    return sessionAuthorizationHeader({
      url: `${server.url}/session`,
      consumerKey: mdm.token.consumer_key,
      consumerSecret: mdm.token.consumer_secret,
      accessToken: mdm.token.access_token,
      accessSecret: mdm.token.access_secret,
    });
  }

  it('accepts realm ADM and an absent realm, refuses another realm with 400', async () => {
    const cases: [string, number][] = [
      [header(), 200],
      [header().replace('realm="ADM", ', ''), 200],
      [header().replace('realm="ADM"', 'realm="EVIL"'), 400],
      [header().replace('realm="ADM"', 'realm=""'), 400],
    ];
    for (const [authorization, status] of cases) {
      const response = await appleCall(server.url, undefined, 'GET', '/session', {
        headers: { authorization },
      });
      assert.equal(response.status, status, authorization.slice(0, 40));
    }
  });
});
