import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { generateMdmKeypair, type MdmKeypair } from '../src/token/keypair.js';
import {
  ServerTokenError,
  decryptServerToken,
  encryptServerToken,
  serverTokenFileName,
  type ServerTokenFailure,
} from '../src/token/p7m.js';
import { generateServerToken, type ServerToken } from '../src/token/server-token.js';

const OPENSSL = '/usr/bin/openssl';
const run = promisify(execFile);

let workDir: string;
let mdm: MdmKeypair;
let stranger: MdmKeypair;
let token: ServerToken;

/** Runs the openssl CLI in the test's own temp directory; stdout as bytes. */
async function openssl(...args: string[]): Promise<Buffer> {
  const { stdout } = await run(OPENSSL, args, { cwd: workDir, encoding: 'buffer' });
  return stdout;
}

async function writeWork(name: string, content: string | Buffer): Promise<string> {
  await writeFile(join(workDir, name), content);
  return name;
}

/** The plaintext Apple encrypts; without markers it is the docs sample's hard-wrapped form. */
function tokenMessage(value: ServerToken, markers: boolean): string {
  const json = JSON.stringify(value);
  const body = markers
    ? ['-----BEGIN MESSAGE-----', json, '-----END MESSAGE-----']
    : (json.match(/.{1,76}/g) ?? []);
  return ['Content-Type: text/plain;charset=UTF-8', 'Content-Transfer-Encoding: 7bit', '', ...body]
    .join('\n')
    .concat('\n');
}

/** JSON between the markers of a decrypted message, as the token it holds. */
function tokenInMessage(message: string): unknown {
  const framed = /-----BEGIN MESSAGE-----\r?\n(.*)\r?\n-----END MESSAGE-----/.exec(message);
  assert.ok(framed, `no message markers in ${JSON.stringify(message)}`);
  return JSON.parse(framed[1] ?? '');
}

function assertFails(attempt: () => unknown, reason: ServerTokenFailure): void {
  assert.throws(attempt, (error: unknown) => {
    assert.ok(error instanceof ServerTokenError, `not a ServerTokenError: ${String(error)}`);
    assert.equal(error.reason, reason, error.message);
    return true;
  });
}

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'opendep-p7m-'));
  mdm = generateMdmKeypair();
  stranger = generateMdmKeypair({ commonName: 'someone-else' });
  token = generateServerToken(new Date('2025-01-17T11:02:21.803Z'), '365587095');
  await writeWork('mdm.key', mdm.keyPem);
  await writeWork('mdm.crt', mdm.certPem);
  await writeWork('marked.txt', tokenMessage(token, true));
  await writeWork('wrapped.txt', tokenMessage(token, false));
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('generateMdmKeypair', () => {
  it('makes a 2048-bit RSA key and a one-day self-signed certificate for it', async () => {
    const certificate = new X509Certificate(mdm.certPem);
    assert.ok(certificate.checkPrivateKey(createPrivateKey(mdm.keyPem)));
    assert.ok(certificate.verify(certificate.publicKey));
    assert.match(mdm.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    const lifetime = Date.parse(certificate.validTo) - Date.parse(certificate.validFrom);
    assert.ok(lifetime > 24 * 3600e3 && lifetime <= 24 * 3600e3 + 10 * 60e3, `${lifetime}`);

    const text = (await openssl('x509', '-noout', '-text', '-in', 'mdm.crt')).toString();
    assert.match(text, /Subject: CN ?= ?opendep-mdm/);
    assert.match(text, /Issuer: CN ?= ?opendep-mdm/);
    assert.match(text, /Public-Key: \(2048 bit\)/);
    assert.match(text, /Digital Signature, Key Encipherment/);
    assert.match(text, /sha256WithRSAEncryption/);
  });

  it('takes a common name, a validity and a start time', () => {
    const now = new Date('2025-03-01T00:00:00Z');
    const keypair = generateMdmKeypair({ commonName: 'Example MDM', days: 30, now });
    const certificate = new X509Certificate(keypair.certPem);
    assert.equal(certificate.subject, 'CN=Example MDM');
    assert.equal(new Date(certificate.validTo).toISOString(), '2025-03-31T00:00:00.000Z');
    assert.equal(new Date(certificate.validFrom).toISOString(), '2025-02-28T23:55:00.000Z');
  });

  it('refuses keys under 2048 bits and empty validity', () => {
    assert.throws(() => generateMdmKeypair({ bits: 1024 }), RangeError);
    assert.throws(() => generateMdmKeypair({ days: 0 }), RangeError);
  });
});

describe('encryptServerToken', () => {
  it("writes Apple's header block, a blank line and 76-column base64, all CRLF", () => {
    const lines = encryptServerToken(token, mdm.certPem).split('\r\n');
    assert.deepEqual(lines.slice(0, 5), [
      'Content-Type: application/pkcs7-mime; name="smime.p7m"; smime-type=enveloped-data',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="smime.p7m"',
      'Content-Description: S/MIME Encrypted Message',
      '',
    ]);
    const body = lines.slice(5);
    assert.equal(body.pop(), '', 'the file ends with a line break');
    assert.ok(body.slice(0, -1).every((line) => /^[A-Za-z0-9+/]{76}$/.test(line)));
    assert.match(body.at(-1) ?? '', /^[A-Za-z0-9+/]{1,76}={0,2}$/);
  });

  it('round-trips through decryptServerToken', () => {
    const p7m = encryptServerToken({ ...token, extra: 'dropped' } as ServerToken, mdm.certPem);
    assert.deepEqual(decryptServerToken(p7m, mdm.keyPem), token);
  });

  it('opens with openssl cms -decrypt -inform SMIME: RSA key transport, AES-128-CBC', async () => {
    await writeWork('ours.p7m', encryptServerToken(token, mdm.certPem));
    const message = (
      await openssl('cms', '-decrypt', '-inform', 'SMIME', '-in', 'ours.p7m', '-inkey', 'mdm.key')
    ).toString();
    assert.ok(message.startsWith('Content-Type: text/plain;charset=UTF-8\r\n'));
    assert.ok(message.includes('Content-Transfer-Encoding: 7bit\r\n\r\n-----BEGIN MESSAGE-----'));
    assert.deepEqual(tokenInMessage(message), token);

    const structure = (
      await openssl('cms', '-cmsout', '-print', '-inform', 'SMIME', '-in', 'ours.p7m')
    ).toString();
    assert.match(structure, /algorithm: rsaEncryption/);
    assert.match(structure, /algorithm: aes-128-cbc/);
  });

  it('still opens with openssl when the file has been turned to LF line endings', async () => {
    await writeWork('ours-lf.p7m', encryptServerToken(token, mdm.certPem).replaceAll('\r\n', '\n'));
    const message = await openssl(
      'cms',
      '-decrypt',
      '-inform',
      'SMIME',
      '-in',
      'ours-lf.p7m',
      '-inkey',
      'mdm.key',
    );
    assert.deepEqual(tokenInMessage(message.toString()), token);
  });

  it('refuses a certificate it cannot read', () => {
    assertFails(() => encryptServerToken(token, 'not a certificate'), 'bad-certificate');
    assertFails(() => encryptServerToken(token, mdm.keyPem), 'bad-certificate');
  });
});

describe('decryptServerToken of tokens openssl encrypted', () => {
  const ciphers = [
    { label: 'the default cipher (3DES)', flags: [] },
    { label: '-aes128', flags: ['-aes128'] },
    { label: '-aes192', flags: ['-aes192'] },
    { label: '-aes256', flags: ['-aes256'] },
  ];
  for (const { label, flags } of ciphers) {
    for (const file of ['marked.txt', 'wrapped.txt']) {
      const form = file === 'marked.txt' ? 'with' : 'without (hard-wrapped JSON)';
      it(`${label}, ${form} the MESSAGE markers`, async () => {
        const p7m = await openssl('cms', '-encrypt', ...flags, '-in', file, 'mdm.crt');
        assert.deepEqual(decryptServerToken(p7m.toString(), mdm.keyPem), token);
      });
    }
  }

  it('in PEM, DER, streamed BER and bare base64, from strings and Buffers', async () => {
    const encrypt = (...args: string[]) =>
      openssl('cms', '-encrypt', '-aes128', '-in', 'marked.txt', ...args, 'mdm.crt');
    const pem = await encrypt('-outform', 'PEM');
    assert.match(pem.toString(), /^-----BEGIN CMS-----/);
    const der = await encrypt('-outform', 'DER');
    const streamed = await encrypt('-outform', 'DER', '-stream');
    assert.equal(streamed[1], 0x80, 'indefinite length, like the sample in Apple’s docs');
    const smime = (await encrypt()).toString();
    const bareBase64 = smime.slice(smime.indexOf('\n\n') + 2);
    const pkcs7Pem = pem.toString().replaceAll('CMS-----', 'PKCS7-----');

    // The header line folded as the sample in Apple's documentation shows it.
    const folded = smime.replace('smime-type=enveloped-data', 'smime-type=enveloped-\ndata');

    for (const input of [pem.toString(), pem, der, streamed, bareBase64, pkcs7Pem, folded]) {
      assert.deepEqual(decryptServerToken(input, mdm.keyPem), token);
    }
  });

  it('with an LF-only plaintext and a PKCS#1 private key', async () => {
    const p7m = await openssl('cms', '-encrypt', '-binary', '-in', 'marked.txt', 'mdm.crt');
    const rsaKeyPem = createPrivateKey(mdm.keyPem).export({ type: 'pkcs1', format: 'pem' });
    assert.deepEqual(decryptServerToken(p7m, rsaKeyPem.toString()), token);
  });
});

describe('decryptServerToken failures', () => {
  it('a key other than the one the token was encrypted to: wrong-key, said in words', () => {
    const p7m = encryptServerToken(token, mdm.certPem);
    assertFails(() => decryptServerToken(p7m, stranger.keyPem), 'wrong-key');
    assert.throws(() => decryptServerToken(p7m, stranger.keyPem), {
      name: 'ServerTokenError',
      message: /private key does not open this token/,
    });
  });

  it('garbage: not-cms', async () => {
    const garbage = [
      '',
      'hello world',
      randomBytes(300),
      Buffer.concat([Buffer.from([0x30, 0x82, 0xff]), randomBytes(40)]),
      randomBytes(300).toString('base64'),
      mdm.certPem,
      'Content-Type: application/pkcs7-mime\r\n\r\n',
      'Content-Type: application/pkcs7-mime\r\n\r\n%%% not base64 %%%',
    ];
    for (const input of garbage)
      assertFails(() => decryptServerToken(input, mdm.keyPem), 'not-cms');
  });

  it('signed rather than enveloped data: not-enveloped-data', async () => {
    const signed = await openssl(
      'cms',
      '-sign',
      '-in',
      'marked.txt',
      '-signer',
      'mdm.crt',
      '-inkey',
      'mdm.key',
      '-outform',
      'PEM',
    );
    assertFails(() => decryptServerToken(signed, mdm.keyPem), 'not-enveloped-data');
  });

  it('forms forge cannot open: unsupported-envelope', async () => {
    const byKeyId = await openssl('cms', '-encrypt', '-keyid', '-in', 'marked.txt', 'mdm.crt');
    assertFails(() => decryptServerToken(byKeyId, mdm.keyPem), 'unsupported-envelope');
    const oaep = await openssl(
      'cms',
      '-encrypt',
      '-in',
      'marked.txt',
      '-recip',
      'mdm.crt',
      '-keyopt',
      'rsa_padding_mode:oaep',
    );
    assertFails(() => decryptServerToken(oaep, mdm.keyPem), 'unsupported-envelope');
    const camellia = await openssl(
      'cms',
      '-encrypt',
      '-camellia128',
      '-in',
      'marked.txt',
      'mdm.crt',
    );
    assertFails(() => decryptServerToken(camellia, mdm.keyPem), 'unsupported-envelope');
  });

  it('content that decrypts to something else: not-a-token', async () => {
    await writeWork('other.txt', 'Content-Type: text/plain\n\nhello\n');
    const other = await openssl('cms', '-encrypt', '-aes128', '-in', 'other.txt', 'mdm.crt');
    assertFails(() => decryptServerToken(other, mdm.keyPem), 'not-a-token');
    await writeWork('partial.txt', '{"consumer_key":"CK_1"}\n');
    const partial = await openssl('cms', '-encrypt', '-aes128', '-in', 'partial.txt', 'mdm.crt');
    assertFails(() => decryptServerToken(partial, mdm.keyPem), 'not-a-token');
  });

  it('a damaged last block: damaged', () => {
    const body = encryptServerToken(token, mdm.certPem).split('\r\n\r\n')[1] ?? '';
    const der = Buffer.from(body, 'base64');
    // In CBC, flipping the top bit of the second-to-last ciphertext block's last byte
    // turns the padding length byte into a value over 16, which must fail.
    der[der.length - 17] = (der[der.length - 17] ?? 0) ^ 0x80;
    assertFails(() => decryptServerToken(der, mdm.keyPem), 'damaged');
  });

  it('a key that is not an RSA private key: bad-key', () => {
    const p7m = encryptServerToken(token, mdm.certPem);
    assertFails(() => decryptServerToken(p7m, 'not a key'), 'bad-key');
    assertFails(() => decryptServerToken(p7m, mdm.certPem), 'bad-key');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const ecPem = ec.export({ type: 'pkcs8', format: 'pem' }).toString();
    assertFails(() => decryptServerToken(p7m, ecPem), 'bad-key');
  });
});

describe('serverTokenFileName', () => {
  const issuedAt = new Date('2025-01-17T11:02:21.803Z');

  it('follows Apple’s pattern', () => {
    assert.equal(
      serverTokenFileName('Acme MDM', issuedAt),
      'Acme MDM_Token_2025-01-17T11-02-21Z_smime.p7m',
    );
  });

  it('keeps the name safe for file systems', () => {
    assert.equal(
      serverTokenFileName('..a/b\\c:d*e?f"g<h>i|j\u0001 ', issuedAt),
      'a_b_c_d_e_f_g_h_i_j__Token_2025-01-17T11-02-21Z_smime.p7m',
    );
    assert.equal(
      serverTokenFileName(' . ', issuedAt),
      'MDM_Server_Token_2025-01-17T11-02-21Z_smime.p7m',
    );
    const long = serverTokenFileName('é'.repeat(300), issuedAt);
    assert.ok(Buffer.byteLength(long) <= 255, `${Buffer.byteLength(long)} bytes`);
    assert.ok(long.startsWith('éé') && !long.includes('\uFFFD'));
  });
});
