import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppleApi, serverWithDevices } from './helpers/device-api.js';
import { startTestServer, type CreatedMdmServer, type TestServer } from './helpers/test-server.js';

interface AccountUrl {
  uri: string;
  http_method: string[];
  limit?: { default: number; maximum: number };
}

describe('GET /account', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;
  let api: AppleApi;

  before(async () => {
    server = await startTestServer();
    ({ mdm, api } = await serverWithDevices(server, 0));
  });
  after(() => server.close());

  it('describes server and organization; org fields and urls from v3', async () => {
    const v2 = (await api.call('GET', '/account', undefined, 2)).json();
    assert.deepEqual(Object.keys(v2).sort(), [
      'admin_id',
      'facilitator_id',
      'org_address',
      'org_email',
      'org_name',
      'org_phone',
      'server_name',
      'server_uuid',
    ]);
    assert.equal(v2.server_uuid, mdm.server_uuid);
    assert.equal(v2.server_name, mdm.server_name);

    const v3 = await api.ok('GET', '/account');
    assert.match(String(v3.org_id), /^\d+$/);
    assert.match(String(v3.org_id_hash), /^[0-9a-f]{64}$/);
    assert.deepEqual([v3.org_type, v3.org_version], ['org', 'v2']);
    const urls = v3.urls as AccountUrl[];
    const paged = Object.fromEntries(urls.filter((u) => u.limit).map((u) => [u.uri, u.limit]));
    assert.deepEqual(paged, {
      '/server/devices': { default: 1000, maximum: 1000 },
      '/devices/sync': { default: 1000, maximum: 1000 },
    });
  });

  it('advertises only what it serves: each uri and method is routed', async () => {
    const urls = (await api.ok('GET', '/account')).urls as AccountUrl[];
    for (const { uri, http_method } of urls) {
      for (const method of http_method) {
        const body = method === 'GET' ? undefined : {};
        const answer = await api.call(method, uri, body);
        assert.ok(![404, 405].includes(answer.status), `${method} ${uri}: ${answer.status}`);
      }
    }
  });

  it('advertises the same page limits it applies', async () => {
    const urls = (await api.ok('GET', '/account')).urls as AccountUrl[];
    const fetchLimit = urls.find((u) => u.uri === '/server/devices')?.limit;
    const { api: big } = await serverWithDevices(server, 1005);
    const page = await big.fetchPage({ limit: 5000 });
    assert.equal(page.devices.length, fetchLimit?.maximum);
    assert.equal((await big.fetchPage()).devices.length, fetchLimit?.default);
    assert.equal(page.more_to_follow, true);
  });
});
