import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { errorCodeOf } from '../src/client/errors.js';
import {
  appleCall,
  createMdmServer,
  sessionFor,
  startTestServer,
  type CreatedMdmServer,
  type TestServer,
} from './helpers/test-server.js';

describe('error body style', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;

  before(async () => {
    server = await startTestServer({ seed: false });
    mdm = await createMdmServer(server);
  });
  after(() => server.close());

  const notFound = async () =>
    appleCall(
      server.url,
      await sessionFor(server.url, mdm.token),
      'GET',
      '/profile?profile_uuid=A',
    );

  it("is Apple's bare code by default", async () => {
    assert.equal((await notFound()).text, 'NOT_FOUND');
  });

  it("switches to the old simulator's quoted codes, and back", async () => {
    const set = await server.admin('PATCH', '/settings', { error_style: 'quoted' });
    assert.deepEqual(set.body, { error_style: 'quoted', apple_moves: false });
    const quoted = await notFound();
    assert.equal(quoted.text, '"NOT_FOUND"');
    assert.equal(errorCodeOf(quoted.text), 'NOT_FOUND', 'the client copes with both');
    const method = await appleCall(server.url, undefined, 'PATCH', '/profile');
    assert.equal(method.text, '', '405 stays empty');
    await server.admin('PATCH', '/settings', { error_style: 'bare' });
    assert.equal((await notFound()).text, 'NOT_FOUND');
  });

  it('can start quoted with the serve option', async () => {
    const quoted = await startTestServer({ seed: false, errorStyle: 'quoted' });
    try {
      const response = await appleCall(quoted.url, 'nope', 'GET', '/profile?profile_uuid=A');
      assert.equal(response.text, '"FORBIDDEN"');
    } finally {
      await quoted.close();
    }
  });
});
