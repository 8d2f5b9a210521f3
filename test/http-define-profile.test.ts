import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  appleCall,
  createMdmServer,
  sessionFor,
  startTestServer,
  type TestServer,
} from './helpers/test-server.js';

const VALID = { profile_name: 'Sales', url: 'https://mdm.example.com/enroll' };

describe('POST /profile (Define a Profile) over HTTP', () => {
  let server: TestServer;
  let session: string;

  before(async () => {
    server = await startTestServer();
    const mdm = await createMdmServer(server, ['DEFN00000001', 'DEFN00000002']);
    session = await sessionFor(server.url, mdm.token);
  });
  after(() => server.close());

  const define = (body: unknown) => appleCall(server.url, session, 'POST', '/profile', { body });

  async function expectCode(body: unknown, code: string): Promise<void> {
    const response = await define(body);
    assert.equal(response.status, 400, `${code} for ${JSON.stringify(body).slice(0, 80)}`);
    assert.equal(response.text, code);
    assert.equal(response.headers.get('content-type'), 'text/plain;charset=UTF8');
  }

  it('answers a 32 upper-case hex profile_uuid and an empty devices map', async () => {
    const response = await define(VALID);
    assert.equal(response.status, 200);
    const body = response.json<{ profile_uuid: string; devices: object }>();
    assert.match(body.profile_uuid, /^[0-9A-F]{32}$/);
    assert.deepEqual(body.devices, {});
  });

  it('gives every call its own UUID, even for the same content', async () => {
    const first = (await define(VALID)).json<{ profile_uuid: string }>().profile_uuid;
    const second = (await define(VALID)).json<{ profile_uuid: string }>().profile_uuid;
    assert.notEqual(first, second);
  });

  it('answers MALFORMED_REQUEST_BODY for bodies that are not a JSON object', async () => {
    for (const body of ['', 'not json', '[1,2]', '"text"', 'null', '{"profile_name":']) {
      await expectCode(body, 'MALFORMED_REQUEST_BODY');
    }
  });

  it('answers MALFORMED_REQUEST_BODY for a field of the wrong type', async () => {
    await expectCode({ ...VALID, is_supervised: 'yes' }, 'MALFORMED_REQUEST_BODY');
    await expectCode({ ...VALID, devices: 'C02' }, 'MALFORMED_REQUEST_BODY');
    await expectCode({ ...VALID, skip_setup_items: 'TOS' }, 'MALFORMED_REQUEST_BODY');
  });

  it('ignores unknown keys and does not store them', async () => {
    const response = await define({ ...VALID, favourite_colour: 'blue' });
    const uuid = response.json<{ profile_uuid: string }>().profile_uuid;
    const stored = await appleCall(server.url, session, 'GET', `/profile?profile_uuid=${uuid}`);
    assert.equal(stored.json().favourite_colour, undefined);
  });

  it('checks profile_name: required, then 125 Unicode characters at most', async () => {
    await expectCode({ url: VALID.url }, 'CONFIG_NAME_REQUIRED');
    await expectCode({ ...VALID, profile_name: '' }, 'CONFIG_NAME_INVALID');
    assert.equal((await define({ ...VALID, profile_name: '😀'.repeat(125) })).status, 200);
    await expectCode({ ...VALID, profile_name: '😀'.repeat(126) }, 'CONFIG_NAME_INVALID');
    assert.equal((await define({ ...VALID, profile_name: 'é'.repeat(125) })).status, 200);
    await expectCode({ ...VALID, profile_name: 'é'.repeat(126) }, 'CONFIG_NAME_INVALID');
  });

  it('checks url: required, absolute, 2000 encoded characters at most, IPv6 literals', async () => {
    const base = 'https://mdm.example.com/';
    await expectCode({ profile_name: 'x' }, 'CONFIG_URL_REQUIRED');
    await expectCode({ ...VALID, url: '' }, 'CONFIG_URL_INVALID');
    await expectCode({ ...VALID, url: '/relative/enroll' }, 'CONFIG_URL_INVALID');
    await expectCode({ ...VALID, url: 'https://mdm.example.com/a b' }, 'CONFIG_URL_INVALID');
    const exactly2000 = base + 'a'.repeat(2000 - base.length);
    assert.equal((await define({ ...VALID, url: exactly2000 })).status, 200);
    await expectCode({ ...VALID, url: `${exactly2000}a` }, 'CONFIG_URL_INVALID');
    const escaped = base + '%41'.repeat(Math.floor((2000 - base.length) / 3));
    assert.equal((await define({ ...VALID, url: escaped })).status, 200);
    const ipv6 = await define({ ...VALID, url: 'https://[2001:db8::1]:8443/enroll' });
    assert.equal(ipv6.status, 200);
  });

  it('checks the other length-limited fields at their boundaries', async () => {
    const limits: [string, number, string][] = [
      ['department', 125, 'DEPARTMENT_INVALID'],
      ['support_phone_number', 50, 'SUPPORT_PHONE_INVALID'],
      ['support_email_address', 250, 'SUPPORT_EMAIL_INVALID'],
      ['org_magic', 256, 'MAGIC_INVALID'],
    ];
    for (const [field, limit, code] of limits) {
      assert.equal((await define({ ...VALID, [field]: 'ü'.repeat(limit) })).status, 200, field);
      await expectCode({ ...VALID, [field]: 'ü'.repeat(limit + 1) }, code);
      await expectCode({ ...VALID, [field]: '' }, code);
    }
  });

  it('answers FLAGS_INVALID for is_mdm_removable false without supervision', async () => {
    await expectCode({ ...VALID, is_mdm_removable: false }, 'FLAGS_INVALID');
    await expectCode({ ...VALID, is_mdm_removable: false, is_supervised: false }, 'FLAGS_INVALID');
    const ok = await define({ ...VALID, is_mdm_removable: false, is_supervised: true });
    assert.equal(ok.status, 200);
  });

  it('answers LOCALE_INVALID for bad language / region codes and pairings', async () => {
    for (const locale of [
      { language: 'english' },
      { language: 'EN' },
      { language: 'en', region: 'us' },
      { language: 'en', region: 'XX' },
      { region: 'US' },
    ]) {
      await expectCode({ ...VALID, ...locale }, 'LOCALE_INVALID');
    }
    for (const locale of [{ language: 'en', region: 'US' }, { language: 'deu' }]) {
      assert.equal((await define({ ...VALID, ...locale })).status, 200);
    }
  });

  it('reports the first failing rule in the documented order', async () => {
    await expectCode({ url: '', department: '' }, 'CONFIG_NAME_REQUIRED');
    await expectCode({ profile_name: 'x', url: '', is_mdm_removable: false }, 'CONFIG_URL_INVALID');
    await expectCode({ ...VALID, is_mdm_removable: false, org_magic: '' }, 'FLAGS_INVALID');
  });

  it('assigns devices in the same call, with a result per serial', async () => {
    const response = await define({
      ...VALID,
      devices: ['DEFN00000001', 'DEFN00000002', 'NOTMINE00001'],
    });
    assert.equal(response.status, 200);
    const body = response.json<{ devices: Record<string, string> }>();
    assert.deepEqual(body.devices, {
      DEFN00000001: 'SUCCESS',
      DEFN00000002: 'SUCCESS',
      NOTMINE00001: 'NOT_ACCESSIBLE',
    });
  });
});
