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

describe('account and token states', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;
  let other: CreatedMdmServer;

  before(async () => {
    server = await startTestServer({ seed: false });
    mdm = await createMdmServer(server);
    other = await createMdmServer(server);
  });
  after(() => server.close());

  const getProfile = (session: string) =>
    appleCall(server.url, session, 'GET', '/profile?profile_uuid=NONE');
  const setState = (body: Record<string, unknown>) => server.admin('PUT', '/account-states', body);
  const clear = () => server.admin('DELETE', '/account-states');

  it('terms not accepted: 403 T_C_NOT_SIGNED on /session and on calls, until cleared', async () => {
    const session = await sessionFor(server.url, mdm.token);
    assert.equal(
      (await setState({ state: 'terms_not_accepted', server_uuid: mdm.server_uuid })).status,
      200,
    );
    const refused = await requestSession(server.url, mdm.token);
    assert.deepEqual([refused.status, refused.text], [403, 'T_C_NOT_SIGNED']);
    const call = await getProfile(session);
    assert.deepEqual([call.status, call.text], [403, 'T_C_NOT_SIGNED']);
    assert.equal((await requestSession(server.url, other.token)).status, 200, 'others unaffected');
    await clear();
    assert.equal((await getProfile(session)).status, 404);
  });

  it('applies to every server of an organization when set on the org', async () => {
    const servers = await server.admin<{ servers: Array<{ server_uuid: string; org_id: string }> }>(
      'GET',
      '/servers',
    );
    const orgId = servers.body.servers[0]?.org_id;
    await setState({ state: 'terms_not_accepted', org_id: orgId });
    assert.equal((await requestSession(server.url, mdm.token)).status, 403);
    assert.equal((await requestSession(server.url, other.token)).status, 403);
    await clear();
  });

  it('access denied: 403 ACCESS_DENIED', async () => {
    const session = await sessionFor(server.url, mdm.token);
    await setState({ state: 'access_denied', server_uuid: mdm.server_uuid });
    assert.equal((await requestSession(server.url, mdm.token)).text, 'ACCESS_DENIED');
    assert.equal((await getProfile(session)).text, 'ACCESS_DENIED');
    await clear();
  });

  it('token revoked: /session refused (403 FORBIDDEN by default), sessions gone', async () => {
    const session = await sessionFor(server.url, mdm.token);
    await setState({ state: 'token_revoked', server_uuid: mdm.server_uuid });
    const refused = await requestSession(server.url, mdm.token);
    assert.deepEqual([refused.status, refused.text], [403, 'FORBIDDEN']);
    assert.deepEqual(
      [(await getProfile(session)).status, (await getProfile(session)).text],
      [403, 'FORBIDDEN'],
    );
    await setState({
      state: 'token_revoked',
      server_uuid: mdm.server_uuid,
      variant: 'token_rejected',
    });
    const rejected = await requestSession(server.url, mdm.token);
    assert.deepEqual([rejected.status, rejected.text], [401, 'oauth_problem=token_rejected']);
    await clear();
    assert.equal((await getProfile(session)).status, 404, 'back once cleared');
  });

  it('token expired: /session 401, existing sessions live out their TTL', async () => {
    const session = await sessionFor(server.url, mdm.token);
    await setState({ state: 'token_expired', server_uuid: mdm.server_uuid });
    const refused = await requestSession(server.url, mdm.token);
    assert.deepEqual([refused.status, refused.text], [401, 'UNAUTHORIZED']);
    assert.equal((await getProfile(session)).status, 404);
    await clear();
  });

  it('rejects unknown variants, unknown servers, and both targets at once', async () => {
    assert.equal(
      (await setState({ state: 'token_revoked', server_uuid: mdm.server_uuid, variant: 'x' }))
        .status,
      400,
    );
    assert.equal((await setState({ state: 'access_denied', server_uuid: 'NOPE' })).status, 404);
    assert.equal((await setState({ state: 'access_denied' })).status, 400);
    assert.equal((await setState({ state: 'sleepy', server_uuid: mdm.server_uuid })).status, 400);
  });

  it("invalidating a server's sessions: forgotten (403) or expired (401)", async () => {
    const first = await sessionFor(server.url, mdm.token);
    const theirs = await sessionFor(server.url, other.token);
    const forgot = await server.admin<{ sessions: number }>('POST', '/sessions/invalidate', {
      server_uuid: mdm.server_uuid,
    });
    assert.ok(forgot.body.sessions >= 1);
    assert.equal((await getProfile(first)).text, 'FORBIDDEN');
    assert.equal((await getProfile(theirs)).status, 404, 'other servers keep theirs');

    const second = await sessionFor(server.url, mdm.token);
    await server.admin('POST', '/sessions/invalidate', {
      server_uuid: mdm.server_uuid,
      how: 'expire',
    });
    const expired = await getProfile(second);
    assert.deepEqual([expired.status, expired.text], [401, 'UNAUTHORIZED']);
  });
});
