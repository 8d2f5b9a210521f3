/**
 * Apple's server token file (`*_smime.p7m`), both ways: the portal's side (encrypt a token
 * to the certificate an MDM uploaded) and the MDM's side (decrypt it with the private key).
 *
 * The file is an S/MIME header block over base64 of a CMS EnvelopedData: RSA PKCS#1 v1.5
 * key transport (`rsaEncryption`) and an AES-128-CBC content key. Inside is a small MIME
 * entity holding the token JSON between BEGIN/END MESSAGE marker lines.
 *
 * node-forge does the CMS work because WebCrypto has no RSAES-PKCS1-v1_5, and Node 20
 * refuses PKCS#1 v1.5 padding in `privateDecrypt` (CVE-2023-46809), so neither WebCrypto
 * CMS libraries nor node:crypto can open Apple's key transport.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { formatAppleDate } from '../domain/clock.js';
import { isServerToken, type ServerToken } from './server-token.js';

/** Why a token could not be encrypted or decrypted; each reason with its plain meaning. */
export const SERVER_TOKEN_FAILURES = {
  'bad-certificate': 'the certificate is not a PEM X.509 certificate with an RSA key',
  'bad-key': 'the private key is not an unencrypted RSA private key in PEM',
  'not-cms': 'the input is not a CMS/PKCS#7 structure (S/MIME file, base64, PEM or DER)',
  'not-enveloped-data': 'the CMS structure is not enveloped-data',
  'unsupported-envelope': 'the enveloped-data uses a form opendep cannot open',
  'wrong-key': 'the private key does not open this token (encrypted to another certificate)',
  damaged: 'the encrypted content did not decrypt cleanly (damaged file)',
  'not-a-token': 'the decrypted content is not a server token',
} as const;

export type ServerTokenFailure = keyof typeof SERVER_TOKEN_FAILURES;

/** The only error `encryptServerToken` and `decryptServerToken` throw. */
export class ServerTokenError extends Error {
  override readonly name = 'ServerTokenError';

  constructor(
    readonly reason: ServerTokenFailure,
    detail?: string,
    options?: { cause?: unknown },
  ) {
    const meaning = SERVER_TOKEN_FAILURES[reason];
    super(detail === undefined ? meaning : `${meaning}: ${detail}`, options);
  }
}

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const ENVELOPED_DATA = '1.2.840.113549.1.7.3';
const AES_128_CBC = '2.16.840.1.101.3.4.1.2';

/** Content ciphers forge can open, with the key length that proves the right RSA key. */
const CONTENT_CIPHERS = new Map([
  [AES_128_CBC, { name: 'AES-128-CBC', keyBytes: 16 }],
  ['2.16.840.1.101.3.4.1.22', { name: 'AES-192-CBC', keyBytes: 24 }],
  ['2.16.840.1.101.3.4.1.42', { name: 'AES-256-CBC', keyBytes: 32 }],
  ['1.2.840.113549.3.7', { name: 'DES-EDE3-CBC', keyBytes: 24 }],
]);

// Apple's header block, in Apple's order. Which line ending Apple's portal writes is not
// documented; we write CRLF, MIME's canonical form, which `openssl cms -inform SMIME` reads
// as readily as LF (both tested). Base64 lines are MIME's 76 columns, as in Apple's sample.
const SMIME_HEADERS = [
  'Content-Type: application/pkcs7-mime; name="smime.p7m"; smime-type=enveloped-data',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: attachment; filename="smime.p7m"',
  'Content-Description: S/MIME Encrypted Message',
];
const CRLF = '\r\n';
const BASE64_LINE = /.{1,76}/g;
const MESSAGE_BEGIN = '-----BEGIN MESSAGE-----';
const MESSAGE_END = '-----END MESSAGE-----';
const CMS_PEM_LABELS = new Set(['PKCS7', 'CMS']);

/** The parts of forge's EnvelopedData object we use; its published typings omit most. */
interface ForgeEnvelope {
  recipients: { encryptedContent: { algorithm: string; content: string } }[];
  encryptedContent: { algorithm: string; key?: forge.util.ByteBuffer };
  content?: forge.util.ByteBuffer;
  decrypt(): void;
}

/** The whole `.p7m` file Apple's portal would let an MDM download, for `certificatePem`. */
export function encryptServerToken(token: ServerToken, certificatePem: string): string {
  const certificate = readCertificate(certificatePem);

  const envelope = forge.pkcs7.createEnvelopedData();
  envelope.addRecipient(certificate);
  envelope.content = forge.util.createBuffer(formatTokenMessage(token), 'utf8');
  envelope.encrypt(undefined, AES_128_CBC);

  const der = Buffer.from(forge.asn1.toDer(envelope.toAsn1()).getBytes(), 'binary');
  const lines = der.toString('base64').match(BASE64_LINE) ?? [];
  return [...SMIME_HEADERS, '', ...lines].join(CRLF) + CRLF;
}

/**
 * The token inside a `.p7m`, given as the downloaded S/MIME file, its bare base64 body, a
 * PEM (`PKCS7` or `CMS`) or DER bytes, and the MDM's private key in PEM.
 */
export function decryptServerToken(p7m: string | Buffer, keyPem: string): ServerToken {
  const privateKey = readPrivateKey(keyPem);
  const envelope = openEnvelope(contentInfoBytes(p7m));
  return parseTokenMessage(decryptContent(envelope, privateKey));
}

/** `<server name>_Token_<YYYY-MM-DDTHH-MM-SSZ>_smime.p7m`, safe on common file systems. */
export function serverTokenFileName(serverName: string, issuedAt: Date): string {
  const stamp = formatAppleDate(issuedAt).replaceAll(':', '-');
  return `${safeFileStem(serverName)}_Token_${stamp}_smime.p7m`;
}

/** The MIME entity Apple encrypts: headers, then the JSON between marker lines. */
function formatTokenMessage(token: ServerToken): string {
  // Only the five fields, in Apple's order, whatever else the object carries.
  const json = JSON.stringify({
    consumer_key: token.consumer_key,
    consumer_secret: token.consumer_secret,
    access_token: token.access_token,
    access_secret: token.access_secret,
    access_token_expiry: token.access_token_expiry,
  });
  const lines = [
    'Content-Type: text/plain;charset=UTF-8',
    'Content-Transfer-Encoding: 7bit',
    '',
    MESSAGE_BEGIN,
    json,
    MESSAGE_END,
  ];
  return lines.join(CRLF) + CRLF;
}

function parseTokenMessage(plaintext: Buffer): ServerToken {
  const body = afterMimeHeaders(plaintext.toString('utf8'));
  const begin = body.indexOf(MESSAGE_BEGIN);
  const end = body.indexOf(MESSAGE_END);
  const from = begin < 0 ? 0 : begin + MESSAGE_BEGIN.length;
  const framed = body.slice(from, end < 0 ? undefined : end);

  // Apple's documentation sample hard-wraps the JSON mid-value; token values hold no
  // whitespace, so the lines join back without separators.
  const json = framed
    .split(/\r?\n/)
    .map((line) => line.trim())
    .join('');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ServerTokenError('not-a-token', 'no JSON object between the message markers');
  }
  if (!isServerToken(value)) {
    const fields = 'consumer_key, consumer_secret, access_token, access_secret, access_token_expiry';
    throw new ServerTokenError('not-a-token', `the JSON lacks one of ${fields}`);
  }

  const { consumer_key, consumer_secret, access_token, access_secret, access_token_expiry } =
    value;
  return { consumer_key, consumer_secret, access_token, access_secret, access_token_expiry };
}

/** The text after a leading MIME header block; the text itself when it has no headers. */
function afterMimeHeaders(text: string): string {
  const unmarked = text.replace(/^\uFEFF?\s*/, '');
  if (!/^[A-Za-z][A-Za-z0-9-]*:/.test(unmarked)) return unmarked;
  const blank = /\r?\n\r?\n/.exec(unmarked);
  return blank === null ? '' : unmarked.slice(blank.index + blank[0].length);
}

/** DER (or BER) bytes of the CMS ContentInfo, from whichever form the token came in. */
function contentInfoBytes(input: string | Buffer): Buffer {
  // 0x30 opens a SEQUENCE: raw DER. Anything else in a Buffer is one of the text forms.
  if (Buffer.isBuffer(input) && input[0] === 0x30) return input;
  const text = Buffer.isBuffer(input) ? input.toString('latin1') : input;

  const pem = /-----BEGIN ([A-Z0-9 #]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (pem !== null) {
    const label = pem[1] ?? '';
    if (!CMS_PEM_LABELS.has(label)) {
      throw new ServerTokenError('not-cms', `a PEM block labelled ${label}`);
    }
    return decodeBase64(pem[2] ?? '');
  }
  return decodeBase64(afterMimeHeaders(text));
}

function decodeBase64(body: string): Buffer {
  const compact = body.replace(/\s+/g, '');
  // Buffer.from skips characters outside the alphabet; refuse them instead.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new ServerTokenError('not-cms', 'the body is not base64');
  }
  return Buffer.from(compact, 'base64');
}

function openEnvelope(der: Buffer): ForgeEnvelope {
  let contentInfo: forge.asn1.Asn1;
  try {
    contentInfo = forge.asn1.fromDer(der.toString('binary'));
  } catch (cause) {
    throw new ServerTokenError('not-cms', 'the bytes are not DER/BER', { cause });
  }

  const contentType = contentTypeOf(contentInfo);
  if (contentType !== ENVELOPED_DATA) {
    throw new ServerTokenError('not-enveloped-data', `content type ${oidName(contentType)}`);
  }
  try {
    return forge.pkcs7.messageFromAsn1(contentInfo) as unknown as ForgeEnvelope;
  } catch (cause) {
    const detail = 'forge reads only key-transport recipients named by issuer and serial';
    throw new ServerTokenError('unsupported-envelope', detail, { cause });
  }
}

/** The OID that opens a ContentInfo SEQUENCE; anything without one is not CMS. */
function contentTypeOf(contentInfo: forge.asn1.Asn1): string {
  const first = Array.isArray(contentInfo.value) ? contentInfo.value[0] : undefined;
  const isOid = first?.type === forge.asn1.Type.OID && typeof first.value === 'string';
  if (contentInfo.type !== forge.asn1.Type.SEQUENCE || !isOid) {
    throw new ServerTokenError('not-cms', 'no ContentInfo content type');
  }
  return forge.asn1.derToOid(first.value as string);
}

function decryptContent(envelope: ForgeEnvelope, privateKey: forge.pki.rsa.PrivateKey): Buffer {
  const algorithm = envelope.encryptedContent.algorithm;
  const cipher = CONTENT_CIPHERS.get(algorithm);
  if (cipher === undefined) {
    const detail = `content cipher ${oidName(algorithm)}; only AES-CBC and 3DES are supported`;
    throw new ServerTokenError('unsupported-envelope', detail);
  }
  const rsaRecipients = envelope.recipients.filter(
    (recipient) => recipient.encryptedContent.algorithm === RSA_ENCRYPTION,
  );
  if (rsaRecipients.length === 0) {
    const found = envelope.recipients.map((r) => oidName(r.encryptedContent.algorithm));
    const detail = `no recipient uses rsaEncryption key transport (found ${found.join(', ')})`;
    throw new ServerTokenError('unsupported-envelope', detail);
  }

  // Without the certificate we cannot pick the recipient by issuer and serial, so try the
  // key on each. A wrong key almost always fails the PKCS#1 padding; the rare false pass
  // is caught by the content key having the wrong length for the cipher.
  const contentKey = rsaRecipients
    .map((recipient) => unwrapContentKey(recipient.encryptedContent.content, privateKey))
    .find((key) => key?.length === cipher.keyBytes);
  if (contentKey === undefined) throw new ServerTokenError('wrong-key');

  envelope.encryptedContent.key = forge.util.createBuffer(contentKey);
  try {
    envelope.decrypt();
  } catch (cause) {
    throw new ServerTokenError('damaged', cipher.name, { cause });
  }
  if (envelope.content === undefined) throw new ServerTokenError('damaged', cipher.name);
  return Buffer.from(envelope.content.getBytes(), 'binary');
}

/** forge's name for an OID, or the dotted OID when forge has none. */
function oidName(oid: string): string {
  return forge.pki.oids[oid] ?? oid;
}

function unwrapContentKey(
  encryptedKey: string,
  privateKey: forge.pki.rsa.PrivateKey,
): string | undefined {
  try {
    return privateKey.decrypt(encryptedKey, 'RSAES-PKCS1-V1_5');
  } catch {
    return undefined;
  }
}

function readCertificate(certificatePem: string): forge.pki.Certificate {
  try {
    return forge.pki.certificateFromPem(certificatePem);
  } catch (cause) {
    throw new ServerTokenError('bad-certificate', undefined, { cause });
  }
}

/** Node reads every PEM key form (PKCS#1, PKCS#8); forge then gets the one it knows. */
function readPrivateKey(keyPem: string): forge.pki.rsa.PrivateKey {
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (cause) {
    throw new ServerTokenError('bad-key', undefined, { cause });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ServerTokenError('bad-key', `its type is ${key.asymmetricKeyType ?? 'unknown'}`);
  }
  const pkcs1Pem = key.export({ type: 'pkcs1', format: 'pem' }).toString();
  return forge.pki.privateKeyFromPem(pkcs1Pem);
}

// Spaces and non-ASCII letters stay, so the name reads as typed in the portal; only what
// some file system refuses (Windows is the strictest) becomes `_`, and the whole name stays
// under the usual 255-byte limit.
const UNSAFE_IN_FILE_NAMES = /[\p{Cc}/\\:*?"<>|]/gu;
const MAX_STEM_BYTES = 200;

function safeFileStem(serverName: string): string {
  const cleaned = serverName
    .normalize('NFC')
    .replace(UNSAFE_IN_FILE_NAMES, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');

  // Cut by whole code points so a multi-byte character is never split.
  let stem = '';
  for (const char of cleaned) {
    if (Buffer.byteLength(stem + char) > MAX_STEM_BYTES) break;
    stem += char;
  }
  return stem.trimEnd() === '' ? 'MDM_Server' : stem.trimEnd();
}
