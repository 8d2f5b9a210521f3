import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  appleCall,
  bareHttpCall,
  createMdmServer,
  sessionFor,
  startTestServer,
  type TestServer,
} from './helpers/test-server.js';

describe("framework-level rejections on Apple's paths answer bare codes", () => {
  let server: TestServer;
  let session: string;

  before(async () => {
    server = await startTestServer();
    session = await sessionFor(server.url, (await createMdmServer(server)).token);
  });
  after(() => server.close());

  it('answers an undecodable URL with 400 BAD_REQUEST, without echoing it', async () => {
    const response = await bareHttpCall(server.url, 'GET', '/session%ZZ', {});
    assert.deepEqual(response, { status: 400, text: 'BAD_REQUEST' });
  });

  it('answers oversized headers with a bare 431', async () => {
    const response = await bareHttpCall(server.url, 'GET', '/profile', {
      'x-big': 'a'.repeat(20_000),
    });
    assert.deepEqual(response, { status: 431, text: 'REQUEST_HEADER_FIELDS_TOO_LARGE' });
  });

  it('checks the session before the body: content type and size come after it', async () => {
    const broken = { headers: { 'content-type': ';;;' }, body: '{}' };
    const noSession = await appleCall(server.url, undefined, 'POST', '/profile', broken);
    assert.deepEqual([noSession.status, noSession.text], [403, 'FORBIDDEN']);
    const withSession = await appleCall(server.url, session, 'POST', '/profile', broken);
    assert.deepEqual([withSession.status, withSession.text], [400, 'MALFORMED_REQUEST_BODY']);

    // The limit is 4 MiB on Apple's paths: just under it is read, just over it is 413.
    const under = { body: `{"devices":["${'A'.repeat(4 * 1024 * 1024 - 64)}"]}` };
    const read = await appleCall(server.url, session, 'DELETE', '/profile/devices', under);
    assert.notEqual(read.status, 413);
    const huge = { body: `{"devices":["${'A'.repeat(4 * 1024 * 1024)}"]}` };
    const hugeNoSession = await appleCall(
      server.url,
      undefined,
      'DELETE',
      '/profile/devices',
      huge,
    );
    assert.equal(hugeNoSession.status, 403);
    const hugeWithSession = await appleCall(
      server.url,
      session,
      'DELETE',
      '/profile/devices',
      huge,
    );
    assert.deepEqual([hugeWithSession.status, hugeWithSession.text], [413, 'PAYLOAD_TOO_LARGE']);
  });

  it('answers 405 for a wrong method on a percent-encoded known path', async () => {
    const response = await appleCall(server.url, session, 'PATCH', '/%70rofile');
    assert.equal(response.status, 405);
  });
});

describe('shutdown', () => {
  it('finishes a large in-flight response before closing', async () => {
    const server = await startTestServer();
    const mdm = await createMdmServer(server);
    const session = await sessionFor(server.url, mdm.token);
    const serials = Array.from({ length: 200_000 }, (_, i) => `GONE${String(i).padStart(8, '0')}`);
    const response = await fetch(`${server.url}/profile/devices`, {
      method: 'DELETE',
      headers: { 'x-adm-auth-session': session, 'user-agent': 'shutdown-test/1' },
      body: JSON.stringify({ devices: serials }),
    });
    // The answer has started; shutting down now must not cut its body short.
    const closed = server.close();
    const body = JSON.parse(await response.text()) as { devices: object };
    await closed;
    assert.equal(response.status, 200);
    assert.equal(Object.keys(body.devices).length, 200_000);
  });

  it('does not hang on a client that never finishes its headers', async () => {
    const server = await startTestServer();
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /profile HTTP/1.1\r\nHost: x\r\n');
    socket.on('error', () => undefined);
    const started = Date.now();
    await server.running.close(300);
    assert.ok(Date.now() - started < 5_000);
    socket.destroy();
    await server.close().catch(() => undefined);
  });
});
