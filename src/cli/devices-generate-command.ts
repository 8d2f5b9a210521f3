import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { adminCall, adminTargetFrom, type AdminFlags, type AdminTarget } from './admin-client.js';
import { runCommand } from './client-options.js';
import { UsageError } from './exit-codes.js';

interface GenerateFlags extends AdminFlags {
  count?: string;
  serverUuid?: string;
  unassigned?: boolean;
  batchSize?: string;
  progress?: boolean;
}

interface GenerateAnswer {
  server_uuid: string | null;
  count: number;
  sample: string[];
}

const DEFAULT_BATCH = 10_000;
/** The control plane refuses more than this in one request (it generates in bounded steps). */
const MAX_BATCH = 100_000;

function wholeNumber(text: string | undefined, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (text === undefined || !/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** --server-uuid, or --unassigned, or else the organization's only MDM server. */
async function serverOf(flags: GenerateFlags, target: AdminTarget): Promise<string | null> {
  const given = flags.serverUuid ?? process.env.OPENDEP_SERVER_UUID;
  if (flags.unassigned === true) {
    if (given !== undefined)
      throw new UsageError('--unassigned and --server-uuid exclude each other');
    return null;
  }
  if (given !== undefined && given !== '') return given;
  const { servers } = await adminCall<{ servers: { server_uuid: string }[] }>(
    target,
    'GET',
    '/servers',
  );
  if (servers.length === 1 && servers[0] !== undefined) return servers[0].server_uuid;
  throw new UsageError(
    `the organization has ${servers.length} MDM servers: pick one with --server-uuid`,
  );
}

async function generate(flags: GenerateFlags): Promise<void> {
  const count = wholeNumber(flags.count, '--count', 1, 100_000_000);
  const batch = wholeNumber(flags.batchSize ?? String(DEFAULT_BATCH), '--batch-size', 1, MAX_BATCH);
  const target = adminTargetFrom(flags);
  const serverUuid = await serverOf(flags, target);

  const stream = process.stderr;
  const bar =
    flags.progress !== false && stream.isTTY === true
      ? new SingleBar({
          stream,
          format: 'generating [{bar}] {value}/{total} devices {eta_formatted}',
        })
      : undefined;
  bar?.start(count, 0);
  const started = Date.now();
  const sample: string[] = [];
  try {
    for (let done = 0; done < count; done += batch) {
      const size = Math.min(batch, count - done);
      const answer = await adminCall<GenerateAnswer>(target, 'POST', '/devices/generate', {
        server_uuid: serverUuid,
        count: size,
      });
      sample.push(...answer.sample.slice(0, 5 - sample.length));
      bar?.update(done + size);
    }
  } finally {
    bar?.stop();
  }
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  process.stdout.write(
    `${JSON.stringify({ server_uuid: serverUuid, count, seconds, sample }, null, 2)}\n`,
  );
}

/**
 * `opendep devices generate`: realistic devices in bulk through the control plane, in
 * batches, with a progress bar on a terminal. Joins the `devices` command if it exists.
 */
export function addDevicesGenerateCommand(program: Command): void {
  const devices =
    program.commands.find((command) => command.name() === 'devices') ??
    program.command('devices').description("the organization's devices");
  devices
    .command('generate')
    .description('add realistic devices in bulk through the control plane (/_opendep)')
    .requiredOption('--count <n>', 'how many devices')
    .option(
      '--server-uuid <uuid>',
      'MDM server to assign them to (OPENDEP_SERVER_UUID); ' + 'default: the only one',
    )
    .option('--unassigned', 'add them to the organization without an MDM server')
    .option(
      '--batch-size <n>',
      `devices per request, default ${DEFAULT_BATCH}, at most ${MAX_BATCH}`,
    )
    .option('--url <url>', 'emulator base URL (OPENDEP_URL, default http://127.0.0.1:8080)')
    .option('--admin-token <token>', 'control-plane bearer token (OPENDEP_ADMIN_TOKEN)')
    .option('--no-progress', 'no progress bar (shown only on a terminal anyway)')
    .action((flags: GenerateFlags) => runCommand(() => generate(flags)));
}
