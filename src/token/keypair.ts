import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** What an MDM keeps (the key) and what it uploads to the portal (the certificate). */
export interface MdmKeypair {
  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), unencrypted. */
  keyPem: string;
  /** Self-signed X.509 certificate, PEM. */
  certPem: string;
}

export interface MdmKeypairOptions {
  /** Subject and issuer common name; default `opendep-mdm`. */
  commonName?: string;
  /** Validity in days from `now`; default 1. */
  days?: number;
  /** RSA modulus size, at least 2048; default 2048. */
  bits?: number;
  /** Start of validity (backdated a few minutes for clock skew); default the current time. */
  now?: Date;
}

// The certificate only has to live through the token exchange (upload, download, decrypt),
// so one day is enough, as in nanodep. Encryption to it does not check its dates anyway:
// neither opendep nor `openssl cms -encrypt` refuses an expired certificate.
const DEFAULT_DAYS = 1;
const DEFAULT_BITS = 2048;
const DEFAULT_COMMON_NAME = 'opendep-mdm';
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/**
 * A fresh RSA key and a self-signed certificate for it, as an MDM server generates before
 * uploading the certificate to Apple Business Manager to receive its server token.
 */
export function generateMdmKeypair(options: MdmKeypairOptions = {}): MdmKeypair {
  const commonName = options.commonName ?? DEFAULT_COMMON_NAME;
  const days = options.days ?? DEFAULT_DAYS;
  const bits = options.bits ?? DEFAULT_BITS;
  const now = options.now ?? new Date();
  if (!(days > 0)) throw new RangeError(`days must be positive, got ${days}`);
  if (!Number.isInteger(bits) || bits < 2048) {
    throw new RangeError(`bits must be an integer of at least 2048, got ${bits}`);
  }

  // Node's native generator takes milliseconds where forge's pure-JS one takes seconds.
  const pair = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  const keyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const rsaKeyPem = pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  cert.serialNumber = positiveSerialHex();
  cert.validity.notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
  cert.validity.notAfter = new Date(now.getTime() + days * DAY_MS);
  const name = [{ name: 'commonName', value: commonName }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(rsaKeyPem), forge.md.sha256.create());

  // forge writes PEM with CRLF; Node and openssl write LF, so match them.
  const certPem = forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
  return { keyPem, certPem };
}

/** 16 random bytes whose first byte keeps the DER INTEGER positive and minimally encoded. */
function positiveSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] = 0x40 | ((bytes[0] ?? 0) & 0x3f);
  return bytes.toString('hex');
}
