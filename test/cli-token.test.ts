import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { ServerToken } from '../src/token/server-token.js';
import { runCli } from './helpers/cli-process.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const OPENSSL = '/usr/bin/openssl';
const run = promisify(execFile);

interface CreatedWithP7m {
  server_uuid: string;
  token: ServerToken;
  token_p7m: string;
}

describe("Apple's .p7m server tokens through the control plane and the CLI", () => {
  let server: TestServer;
  let dir: string;
  let keyPath: string;
  let certPath: string;
  let created: CreatedWithP7m;
  let p7mPath: string;

  const openssl = async (...args: string[]) =>
    (await run(OPENSSL, args, { cwd: dir, encoding: 'utf8' })).stdout;

  before(async () => {
    server = await startTestServer();
    dir = await mkdtemp(join(tmpdir(), 'opendep-p7m-'));
    keyPath = join(dir, 'mdm', 'key.pem');
    certPath = join(dir, 'mdm', 'cert.pem');
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('token keypair writes a private key (mode 600) and a certificate openssl reads', async () => {
    const made = await runCli(['token', 'keypair', '--out', join(dir, 'mdm'), '--json']);
    assert.equal(made.code, 0, made.stderr);
    assert.deepEqual(JSON.parse(made.stdout), { key: keyPath, certificate: certPath });
    assert.equal((await stat(keyPath)).mode & 0o777, 0o600);
    assert.match(await readFile(keyPath, 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
    const subject = await openssl('x509', '-noout', '-subject', '-in', certPath);
    assert.match(subject, /CN ?= ?opendep-mdm/);

    const again = await runCli(['token', 'keypair', '--out', join(dir, 'mdm')]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /--force/);
  });

  it('POST /_opendep/servers with the certificate answers token_p7m as well', async () => {
    const certificate = await readFile(certPath, 'utf8');
    const answer = await server.admin<CreatedWithP7m>('POST', '/servers', {
      server_name: 'P7M MDM',
      certificate,
    });
    assert.equal(answer.status, 201);
    created = answer.body;
    assert.match(created.token.consumer_key, /^CK_/);
    const lines = created.token_p7m.split('\r\n');
    assert.equal(
      lines[0],
      'Content-Type: application/pkcs7-mime; name="smime.p7m"; smime-type=enveloped-data',
    );
    assert.equal(lines[4], '');
    p7mPath = join(dir, 'P7M_MDM_Token_smime.p7m');
    await writeFile(p7mPath, created.token_p7m);
  });

  it('opendep token decrypt prints the token JSON', async () => {
    const decrypted = await runCli(['token', 'decrypt', '--key', keyPath, p7mPath]);
    assert.equal(decrypted.code, 0, decrypted.stderr);
    assert.deepEqual(JSON.parse(decrypted.stdout), created.token);
  });

  it('openssl cms -decrypt opens the same file: Apple layout, markers included', async () => {
    const message = await openssl(
      'cms',
      '-decrypt',
      '-inform',
      'SMIME',
      '-in',
      p7mPath,
      '-inkey',
      keyPath,
    );
    const framed = /-----BEGIN MESSAGE-----\r?\n(.*)\r?\n-----END MESSAGE-----/.exec(message);
    assert.ok(framed, message);
    assert.deepEqual(JSON.parse(framed[1] ?? ''), created.token);
  });

  for (const markers of [true, false]) {
    const variant = markers ? 'with' : 'without';
    it(`token decrypt reads openssl cms -encrypt output (${variant} MESSAGE markers)`, async () => {
      const json = JSON.stringify(created.token);
      const body = markers
        ? ['-----BEGIN MESSAGE-----', json, '-----END MESSAGE-----']
        : (json.match(/.{1,60}/g) ?? []);
      const plain = join(dir, `plain-${markers}.txt`);
      const header = ['Content-Type: text/plain;charset=UTF-8', 'Content-Transfer-Encoding: 7bit'];
      await writeFile(plain, [...header, '', ...body, ''].join('\n'));
      const encrypted = join(dir, `openssl-${markers}.p7m`);
      await openssl('cms', '-encrypt', '-aes128', '-in', plain, '-out', encrypted, certPath);

      const decrypted = await runCli(['token', 'decrypt', '--key', keyPath, encrypted]);
      assert.equal(decrypted.code, 0, decrypted.stderr);
      assert.deepEqual(JSON.parse(decrypted.stdout), created.token);
    });
  }

  it('token decrypt --out writes the JSON with mode 600', async () => {
    const out = join(dir, 'token.json');
    const written = await runCli(['token', 'decrypt', '--key', keyPath, '--out', out, p7mPath]);
    assert.equal(written.code, 0, written.stderr);
    assert.equal((await stat(out)).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(await readFile(out, 'utf8')), created.token);
  });

  it('the .p7m works as --token with --key for API commands', async () => {
    const session = await runCli([
      'session',
      '--url',
      server.url,
      '--token',
      p7mPath,
      '--key',
      keyPath,
      '--json',
    ]);
    assert.equal(session.code, 0, session.stderr);
    assert.ok((JSON.parse(session.stdout) as { auth_session_token: string }).auth_session_token);
  });

  it('a .p7m token without --key, or with the wrong key, is a usage error (exit 2)', async () => {
    const noKey = await runCli(['session', '--url', server.url, '--token', p7mPath]);
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /--key/);

    const other = await runCli(['token', 'keypair', '--out', join(dir, 'other')]);
    assert.equal(other.code, 0, other.stderr);
    const wrong = await runCli([
      'token',
      'decrypt',
      '--key',
      join(dir, 'other', 'key.pem'),
      p7mPath,
    ]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /does not open this token/);
  });

  it('a certificate that is not one is a 400 and creates no server', async () => {
    const before = await server.admin<{ servers: unknown[] }>('GET', '/servers');
    const ecKey = join(dir, 'ec.key');
    const ecCert = join(dir, 'ec.crt');
    await openssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      '/CN=ec',
      '-days',
      '1',
      '-keyout',
      ecKey,
      '-out',
      ecCert,
    );
    const notRsa = await readFile(ecCert, 'utf8');
    for (const certificate of ['not a pem', 42, '', notRsa]) {
      const answer = await server.admin<{ error: string }>('POST', '/servers', {
        server_name: `Bad cert ${String(certificate)}`,
        certificate,
      });
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.match(answer.body.error, /certificate/);
    }
    const afterwards = await server.admin<{ servers: unknown[] }>('GET', '/servers');
    assert.equal(afterwards.body.servers.length, before.body.servers.length);
  });

  it('without a certificate the answer stays as it was', async () => {
    const plain = await server.admin<Record<string, unknown>>('POST', '/servers', {
      server_name: 'No cert',
    });
    assert.equal(plain.status, 201);
    assert.equal('token_p7m' in plain.body, false);
  });
});
