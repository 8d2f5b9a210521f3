import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DepClient,
  DepError,
  DepNetworkError,
  DepProtocolError,
  isTokenRejected,
} from '../src/client/index.js';
import {
  startStub,
  stubToken,
  withSessions,
  type StubHandler,
  type StubServer,
} from './helpers/stub-server.js';
import {
  createMdmServer,
  startTestServer,
  type CreatedMdmServer,
  type TestServer,
} from './helpers/test-server.js';

describe('DepClient timeouts and answers that are not what Apple promises', () => {
  const stubs: StubServer[] = [];
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  after(async () => {
    release();
    await Promise.all(stubs.map((stub) => stub.close()));
  });
  async function stub(handler: StubHandler): Promise<StubServer> {
    const started = await startStub(handler);
    stubs.push(started);
    return started;
  }

  it('gives up on a silent server after timeoutMs, as a DepNetworkError', async () => {
    const server = await stub(
      withSessions(async () => {
        await released;
        return { body: {} };
      }),
    );
    const client = new DepClient({ token: stubToken(), baseUrl: server.url, timeoutMs: 200 });
    const started = Date.now();
    await assert.rejects(client.getAccount(), (error: unknown) => {
      assert.ok(error instanceof DepNetworkError, String(error));
      assert.match(error.message, /GET \/account: network failure: no answer within 200 ms/);
      return true;
    });
    assert.ok(Date.now() - started < 5000);
  });

  it('refuses bad timeouts', () => {
    for (const timeoutMs of [0, -1, Number.NaN]) {
      assert.throws(() => new DepClient({ token: stubToken(), timeoutMs }), RangeError);
    }
  });

  it('throws DepProtocolError for a 200 with an empty or non-object body', async () => {
    for (const body of ['', '   ', 'null', '"FINE"', '42']) {
      const server = await stub(withSessions(() => ({ body })));
      const client = new DepClient({ token: stubToken(), baseUrl: server.url });
      await assert.rejects(client.getAccount(), DepProtocolError, JSON.stringify(body));
      await assert.rejects(client.fetchDevices(), DepProtocolError, JSON.stringify(body));
    }
  });

  it('still accepts an empty answer where nothing is promised', async () => {
    const server = await stub(withSessions(() => ({ body: '' })));
    const client = new DepClient({ token: stubToken(), baseUrl: server.url });
    await client.setAccountDrivenEnrollmentProfile('https://mdm.example.com/discovery');
    await client.deleteAccountDrivenEnrollmentProfile();
    assert.equal(await client.call('GET', '/roster/class'), undefined);
  });
});

describe('isTokenRejected against the emulator’s token states', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;
  before(async () => {
    server = await startTestServer();
    mdm = await createMdmServer(server);
  });
  after(() => server.close());

  async function refusal(state: string, warm: boolean, variant?: string): Promise<DepError> {
    await server.admin('DELETE', '/account-states');
    const client = new DepClient({ token: mdm.token, baseUrl: server.url });
    if (warm) await client.getAccount();
    const set = await server.admin('PUT', '/account-states', {
      state,
      server_uuid: mdm.server_uuid,
      ...(variant === undefined ? {} : { variant }),
    });
    assert.ok(set.status < 300, JSON.stringify(set.body));
    try {
      await client.getAccount();
    } catch (error) {
      assert.ok(error instanceof DepError, String(error));
      return error;
    }
    throw new Error(`${state}: getAccount succeeded`);
  }

  it('a revoked token (403 FORBIDDEN at /session), with and without a session in hand', async () => {
    for (const warm of [false, true]) {
      const error = await refusal('token_revoked', warm);
      assert.deepEqual([error.status, error.code, error.path], [403, 'FORBIDDEN', '/session']);
      assert.equal(isTokenRejected(error), true, `warm=${warm}`);
    }
  });

  it('an expired token (401 UNAUTHORIZED at /session) and the OAuth-style variants', async () => {
    const expired = await refusal('token_expired', false);
    assert.deepEqual(
      [expired.status, expired.code, expired.path],
      [401, 'UNAUTHORIZED', '/session'],
    );
    assert.equal(isTokenRejected(expired), true);
    for (const [state, variant] of [
      ['token_revoked', 'token_rejected'],
      ['token_revoked', 'token_rejected_403'],
      ['token_expired', 'token_expired'],
    ] as const) {
      assert.equal(isTokenRejected(await refusal(state, false, variant)), true, variant);
    }
  });

  it('refusals about the organization, or of a session elsewhere, are not the token', async () => {
    for (const state of ['terms_not_accepted', 'access_denied']) {
      const error = await refusal(state, false);
      assert.equal(error.path, '/session');
      assert.equal(isTokenRejected(error), false, state);
    }
    assert.equal(isTokenRejected(new DepError(403, 'FORBIDDEN', 'GET', '/account')), false);
    assert.equal(isTokenRejected(new DepError(401, 'UNAUTHORIZED', 'GET', '/account')), false);
    assert.equal(isTokenRejected(new DepError(404, 'NOT_FOUND', 'GET', '/session')), false);
  });
});
