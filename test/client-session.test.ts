import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  APPLE_BASE_URL,
  DepClient,
  DepError,
  DepNetworkError,
  DepProtocolError,
  ServerTokenExpiredError,
  isDepError,
  isTokenRejected,
  type DepLogEvent,
} from '../src/client/index.js';
import {
  closedPort,
  startStub,
  stubToken,
  withSessions,
  type StubHandler,
  type StubReply,
  type StubServer,
} from './helpers/stub-server.js';

describe('DepClient sessions against a scripted server', () => {
  const stubs: StubServer[] = [];
  after(() => Promise.all(stubs.map((stub) => stub.close())));
  async function stub(handler: StubHandler): Promise<StubServer> {
    const started = await startStub(handler);
    stubs.push(started);
    return started;
  }
  const ok = () => ({ body: { server_name: 'ok', server_uuid: 'U' } });

  it('gets a session lazily, on the first call only', async () => {
    const server = await stub(withSessions(ok));
    const client = new DepClient({ token: stubToken(), baseUrl: server.url });
    assert.equal(server.requests.length, 0);
    await client.getAccount();
    await client.getAccount();
    assert.deepEqual(
      server.requests.map((r) => r.path),
      ['/session', '/account', '/account'],
    );
    assert.deepEqual(
      server.calls().map((r) => r.headers['x-adm-auth-session']),
      ['S1', 'S1'],
    );
  });

  it('adopts a new X-ADM-Auth-Session from any response', async () => {
    let calls = 0;
    const server = await stub(
      withSessions(() => {
        calls += 1;
        return calls === 1 ? { ...ok(), headers: { 'x-adm-auth-session': 'ROTATED' } } : ok();
      }),
    );
    const events: DepLogEvent[] = [];
    const client = new DepClient({
      token: stubToken(),
      baseUrl: server.url,
      logger: (event) => events.push(event),
    });
    await client.getAccount();
    await client.getAccount();
    assert.deepEqual(
      server.calls().map((r) => r.headers['x-adm-auth-session']),
      ['S1', 'ROTATED'],
    );
    assert.equal(server.sessions().length, 1);
    assert.ok(events.some((e) => e.event === 'session' && e.reason === 'rotated'));
  });

  it('renews once on 401 and replays the same body', async () => {
    const server = await stub(
      withSessions((request) =>
        request.headers['x-adm-auth-session'] === 'S1'
          ? { status: 401, body: 'UNAUTHORIZED' }
          : { body: { profile_uuid: 'P', devices: {} } },
      ),
    );
    const client = new DepClient({ token: stubToken(), baseUrl: server.url });
    await client.defineProfile({ profile_name: 'N', url: 'https://n.example/' });
    const [first, replay] = server.calls();
    assert.equal(replay?.headers['x-adm-auth-session'], 'S2');
    assert.equal(first?.body, replay?.body);
    assert.equal(server.sessions().length, 2);
  });

  it('renews on 403 FORBIDDEN, also in the simulator’s quoted form', async () => {
    const server = await stub(
      withSessions((request) =>
        request.headers['x-adm-auth-session'] === 'S1'
          ? { status: 403, body: '"FORBIDDEN"' }
          : ok(),
      ),
    );
    await new DepClient({ token: stubToken(), baseUrl: server.url }).getAccount();
    assert.equal(server.sessions().length, 2);
  });

  it('does not loop when the renewed session is refused too', async () => {
    const server = await stub(withSessions(() => ({ status: 401, body: 'UNAUTHORIZED' })));
    const client = new DepClient({ token: stubToken(), baseUrl: server.url });
    await assert.rejects(client.getAccount(), (error: unknown) =>
      isDepError(error, 'UNAUTHORIZED'),
    );
    assert.equal(server.sessions().length, 2);
    assert.equal(server.calls().length, 2);
  });

  for (const code of ['T_C_NOT_SIGNED', 'ACCESS_DENIED'] as const) {
    it(`surfaces 403 ${code} without renewing`, async () => {
      const server = await stub(withSessions(() => ({ status: 403, body: code })));
      const client = new DepClient({ token: stubToken(), baseUrl: server.url });
      await assert.rejects(client.getAccount(), (error: unknown) => isDepError(error, code));
      assert.equal(server.sessions().length, 1);
      assert.equal(server.calls().length, 1);
    });

    it(`surfaces ${code} from GET /session itself`, async () => {
      const server = await stub(() => ({ status: 403, body: code }));
      const client = new DepClient({ token: stubToken(), baseUrl: server.url });
      await assert.rejects(client.getAccount(), (error: unknown) => {
        return isDepError(error, code) && error.path === '/session';
      });
      assert.equal(server.requests.length, 1);
    });
  }

  it('reports a rejected token as such, once', async () => {
    const server = await stub(() => ({ status: 401, body: 'oauth_problem=token_rejected' }));
    const client = new DepClient({ token: stubToken(), baseUrl: server.url });
    await assert.rejects(client.getAccount(), (error: unknown) => isTokenRejected(error));
    assert.equal(server.requests.length, 1);
    assert.equal(isTokenRejected(new DepError(403, 'token_expiredForbidden', 'GET', '/')), true);
    assert.equal(isTokenRejected(new DepError(403, 'T_C_NOT_SIGNED', 'GET', '/')), false);
  });

  it('refuses an expired server token before calling', async () => {
    const server = await stub(withSessions(ok));
    const expired = stubToken(new Date('2025-01-17T11:02:21Z'));
    const client = new DepClient({ token: expired, baseUrl: server.url });
    await assert.rejects(client.getAccount(), (error: unknown) => {
      assert.ok(error instanceof ServerTokenExpiredError);
      assert.equal(error.expiry, '2025-01-17T11:02:21Z');
      return true;
    });
    await assert.rejects(client.startSession(), ServerTokenExpiredError);
    assert.equal(server.requests.length, 0);
  });

  it('shares one session among concurrent calls, and one renewal among their 401s', async () => {
    const server = await stub(
      withSessions((request) =>
        request.headers['x-adm-auth-session'] === 'S1'
          ? { status: 401, body: 'UNAUTHORIZED' }
          : ok(),
      ),
    );
    const client = new DepClient({ token: stubToken(), baseUrl: server.url });
    await Promise.all(Array.from({ length: 5 }, () => client.getAccount()));
    assert.equal(server.sessions().length, 2);
    assert.equal(server.calls().length, 10);
  });

  it('sends the configured User-Agent and protocol version (beta tokens: 1)', async () => {
    const server = await stub(withSessions(() => ({ body: { betaEnrollmentTokens: [] } })));
    const client = new DepClient({
      token: stubToken(),
      baseUrl: `${server.url}/`,
      userAgent: 'acme-mdm/2.1',
      protocolVersion: 7,
    });
    await client.getAccount();
    await client.getBetaEnrollmentTokens();
    const [session, account, beta] = server.requests;
    assert.equal(session?.headers['user-agent'], 'acme-mdm/2.1');
    assert.equal(account?.headers['user-agent'], 'acme-mdm/2.1');
    assert.equal(account?.headers['x-server-protocol-version'], '7');
    assert.equal(beta?.headers['x-server-protocol-version'], '1');
    assert.match(String(session?.headers.authorization), /^OAuth realm="ADM"/);
  });

  it('logs requests, responses, retries and renewals without a secret in them', async () => {
    let first = true;
    const server = await stub(
      withSessions((): StubReply => {
        if (!first) return { ...ok(), headers: { 'x-adm-auth-session': 'ROTATED-SECRET' } };
        first = false;
        return { status: 503, body: '', headers: { 'retry-after': '0' } };
      }),
    );
    const token = stubToken();
    const events: DepLogEvent[] = [];
    const client = new DepClient({
      token,
      baseUrl: server.url,
      logger: (event) => events.push(event),
      retry: { sleep: async () => undefined },
    });
    await client.getAccount();
    const kinds = events.map((e) => e.event);
    for (const kind of ['request', 'response', 'retry', 'session']) {
      assert.ok(kinds.includes(kind as DepLogEvent['event']), kind);
    }
    const logged = JSON.stringify(events);
    for (const secret of [...Object.values(token), 'S1', 'ROTATED-SECRET']) {
      if (secret === token.access_token_expiry) continue;
      assert.equal(logged.includes(secret), false, `${secret.slice(0, 6)}... was logged`);
    }
  });

  it('throws DepNetworkError when nothing answers', async () => {
    const port = await closedPort();
    const client = new DepClient({ token: stubToken(), baseUrl: `http://127.0.0.1:${port}` });
    await assert.rejects(client.getAccount(), DepNetworkError);
  });

  it('throws DepProtocolError for a 200 that is not JSON or has no session', async () => {
    const server = await stub(withSessions(() => ({ body: 'not json' })));
    const client = new DepClient({ token: stubToken(), baseUrl: server.url });
    await assert.rejects(client.getAccount(), DepProtocolError);

    const noSession = await stub(() => ({ body: { something: 'else' } }));
    const other = new DepClient({ token: stubToken(), baseUrl: noSession.url });
    await assert.rejects(other.getAccount(), DepProtocolError);
  });

  it("defaults to Apple's host (seen by an injected fetch; nothing is sent)", async () => {
    const urls: string[] = [];
    const offline: typeof fetch = async (input) => {
      urls.push(String(input));
      throw new TypeError('offline in tests');
    };
    const client = new DepClient({ token: stubToken(), fetch: offline });
    await assert.rejects(client.getAccount(), DepNetworkError);
    assert.deepEqual(urls, [`${APPLE_BASE_URL}/session`]);
    assert.equal(APPLE_BASE_URL, 'https://mdmenrollment.apple.com');
  });
});
