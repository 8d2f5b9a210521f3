/**
 * `opendep token keypair|decrypt`: the MDM's side of Apple's server-token exchange.
 * Generate a key and certificate, upload the certificate, decrypt the `.p7m` you get.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { generateMdmKeypair } from '../token/keypair.js';
import { decryptServerToken } from '../token/p7m.js';
import { runCommand } from './client-options.js';
import { UsageError } from './exit-codes.js';
import { outputMode, printResult, withOutputOptions, type OutputFlags } from './output.js';
import { formatRecord } from './table.js';
import { readInput } from './token-source.js';

export const KEY_FILE = 'key.pem';
export const CERT_FILE = 'cert.pem';

interface KeypairFlags extends OutputFlags {
  out: string;
  commonName?: string;
  days?: string;
  force?: boolean;
}

interface DecryptFlags {
  key: string;
  out?: string;
}

export function addTokenCommands(program: Command): void {
  const token = program
    .command('token')
    .description("server tokens in Apple's .p7m format: make a key pair, decrypt a token");

  withOutputOptions(token.command('keypair'))
    .description(`write ${KEY_FILE} (keep it) and ${CERT_FILE} (upload it to the portal)`)
    .requiredOption('--out <dir>', 'directory to write into (created if missing)')
    .option('--common-name <cn>', 'certificate subject, default opendep-mdm')
    .option('--days <n>', 'certificate validity; it only has to outlive the exchange, default 1')
    .option('--force', 'overwrite an existing key')
    .action((flags: KeypairFlags) => runCommand(async () => writeKeypair(flags)));

  token
    .command('decrypt <token.p7m>')
    .description("print the token JSON inside Apple's .p7m (- reads stdin)")
    .requiredOption('--key <file>', 'the private key whose certificate the token was made for')
    .option('--out <file>', 'write the JSON to this file (mode 600) instead of stdout')
    .action((file: string, flags: DecryptFlags) =>
      runCommand(async () => {
        const key = readInput(flags.key, 'the private key').toString('utf8');
        const json = `${JSON.stringify(decryptServerToken(readInput(file, 'the token'), key))}\n`;
        if (flags.out === undefined) process.stdout.write(json);
        else writeFileSync(flags.out, json, { mode: 0o600 });
      }),
    );
}

function writeKeypair(flags: KeypairFlags): void {
  const mode = outputMode(flags);
  const days = flags.days === undefined ? undefined : Number(flags.days);
  if (days !== undefined && !(Number.isFinite(days) && days > 0)) {
    throw new UsageError(`--days must be a positive number, got ${flags.days}`);
  }
  const dir = resolve(flags.out);
  const keyPath = join(dir, KEY_FILE);
  const certPath = join(dir, CERT_FILE);
  if (existsSync(keyPath) && flags.force !== true) {
    // A replaced key can no longer open tokens made for the old certificate.
    throw new UsageError(`${keyPath} exists; --force replaces it`);
  }

  const pair = generateMdmKeypair({
    ...(flags.commonName === undefined ? {} : { commonName: flags.commonName }),
    ...(days === undefined ? {} : { days }),
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyPath, pair.keyPem, { mode: 0o600 });
  writeFileSync(certPath, pair.certPem);
  printResult(mode, { key: keyPath, certificate: certPath }, formatRecord);
}
