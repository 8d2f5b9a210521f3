import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './helpers/test-server.js';

describe('control plane under /_opendep', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('serves health without a token', async () => {
    const response = await fetch(`${server.url}/_opendep/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  it('answers 401 without the admin bearer token, or with a wrong one', async () => {
    for (const authorization of [undefined, 'Bearer wrong', 'Basic abc', 'Bearer']) {
      const response = await fetch(`${server.url}/_opendep/servers`, {
        headers: authorization === undefined ? {} : { authorization },
      });
      assert.equal(response.status, 401, String(authorization));
    }
  });

  it('creates an MDM server with Apple-shaped OAuth credentials', async () => {
    const created = await server.admin<Record<string, unknown>>('POST', '/servers', {
      server_name: 'Admin Test',
    });
    assert.equal(created.status, 201);
    assert.match(String(created.body.server_uuid), /^[0-9A-F]{32}$/);
    const token = created.body.token as Record<string, string>;
    assert.match(token.consumer_key ?? '', /^CK_[0-9a-f]{96}$/);
    assert.match(token.consumer_secret ?? '', /^CS_[0-9a-f]{40}$/);
    assert.match(token.access_token ?? '', /^AT_O\d+O[0-9a-f]{40}O\d{13}$/);
    assert.match(token.access_secret ?? '', /^AS_[0-9a-f]{40}$/);
    assert.match(token.access_token_expiry ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const duplicate = await server.admin('POST', '/servers', { server_name: 'Admin Test' });
    assert.equal(duplicate.status, 409);
    for (const body of [{}, { server_name: '' }, { server_name: 5 }]) {
      assert.equal((await server.admin('POST', '/servers', body)).status, 400);
    }
    const listed = await server.admin<{ servers: { server_name: string }[] }>('GET', '/servers');
    assert.ok(listed.body.servers.some((s) => s.server_name === 'Admin Test'));
  });

  it('adds devices to a server or to none, and lists them by server', async () => {
    const created = await server.admin<{ server_uuid: string }>('POST', '/servers', {
      server_name: 'Device Owner',
    });
    const uuid = created.body.server_uuid;
    const added = await server.admin<{ devices: Record<string, string>[] }>('POST', '/devices', {
      server_uuid: uuid,
      devices: [
        { serial_number: 'ADMN00000001', device_family: 'Mac', model: 'MacBook Pro' },
        { serial_number: 'ADMN00000002', device_family: 'iPad', asset_tag: 'T-1' },
      ],
    });
    assert.equal(added.status, 201);
    assert.equal(added.body.devices[0]?.os, 'OSX');
    assert.equal(added.body.devices[1]?.os, 'iPadOS');
    assert.equal(added.body.devices[1]?.profile_status, 'empty');

    const loose = await server.admin('POST', '/devices', {
      devices: [{ serial_number: 'LOOSE0000001' }],
    });
    assert.equal(loose.status, 201);

    const listed = await server.admin<{
      devices: { serial_number: string; server_uuid: string }[];
    }>('GET', `/devices?server_uuid=${uuid}`);
    assert.deepEqual(
      listed.body.devices.map((d) => d.serial_number),
      ['ADMN00000001', 'ADMN00000002'],
    );
  });

  it('rejects a duplicate or malformed serial and writes nothing of that request', async () => {
    const cases = [
      [{ serial_number: 'ATOM00000001' }, { serial_number: 'ADMN00000001' }],
      [{ serial_number: 'ATOM00000001' }, { serial_number: 'ATOM00000001' }],
      [{ serial_number: 'ATOM00000001' }, { serial_number: 'lower-case!' }],
      [{ serial_number: 'ATOM00000001' }, { serial_number: 'ATOM00000002', device_family: 'Car' }],
      [{ serial_number: 'ATOM00000001' }, 'not an object'],
    ];
    for (const devices of cases) {
      const response = await server.admin<{ error: string }>('POST', '/devices', { devices });
      assert.ok(response.status === 400 || response.status === 409, JSON.stringify(devices));
      assert.equal(typeof response.body.error, 'string');
    }
    const all = await server.admin<{ devices: { serial_number: string }[] }>('GET', '/devices');
    assert.equal(
      all.body.devices.some((d) => d.serial_number.startsWith('ATOM')),
      false,
    );
    const unknownServer = await server.admin('POST', '/devices', {
      server_uuid: 'F'.repeat(32),
      devices: [{ serial_number: 'ATOM00000003' }],
    });
    assert.equal(unknownServer.status, 404);
  });

  it('answers JSON errors for broken bodies and unknown routes', async () => {
    const response = await fetch(`${server.url}/_opendep/servers`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' },
      body: '{broken',
    });
    assert.equal(response.status, 400);
    assert.equal(typeof ((await response.json()) as { error: string }).error, 'string');
    const unknown = await server.admin('GET', '/nothing-here');
    assert.equal(unknown.status, 404);
  });
});

describe('control plane input rules', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('counts server_name in Unicode characters and accepts lower-case server UUIDs', async () => {
    const emoji = await server.admin<{ server_uuid: string }>('POST', '/servers', {
      server_name: '😀'.repeat(200),
    });
    assert.equal(emoji.status, 201);
    const tooLong = await server.admin('POST', '/servers', { server_name: '😀'.repeat(201) });
    assert.equal(tooLong.status, 400);
    const added = await server.admin('POST', '/devices', {
      server_uuid: emoji.body.server_uuid.toLowerCase(),
      devices: [{ serial_number: 'LOWERUUID001' }],
    });
    assert.equal(added.status, 201);
  });

  it('refuses an OS the family does not run and over-long texts', async () => {
    const cases = [
      { serial_number: 'RULES0000001', device_family: 'Mac', os: 'iOS' },
      { serial_number: 'RULES0000002', model: 'x'.repeat(257) },
    ];
    for (const device of cases) {
      const response = await server.admin('POST', '/devices', { devices: [device] });
      assert.equal(response.status, 400, JSON.stringify(device).slice(0, 60));
    }
    const oldIpad = await server.admin('POST', '/devices', {
      devices: [{ serial_number: 'RULES0000003', device_family: 'iPad', os: 'iOS' }],
    });
    assert.equal(oldIpad.status, 201);
  });

  it('answers 405 for a wrong method on a control-plane path', async () => {
    const response = await server.admin('DELETE', '/servers');
    assert.equal(response.status, 405);
  });
});
