/** `opendep devices fetch|sync|details|disown|replacement`. */
import type { Command } from 'commander';
import type { DevicePagesOptions } from '../client/device-pages.js';
import { clientFrom, runCommand, withClientOptions, type ClientFlags } from './client-options.js';
import { checkCursorFile, loadCursor, streamDevices } from './device-listing.js';
import { ListingTable, pageLine, renderDetails } from './device-render.js';
import { EXIT, UsageError } from './exit-codes.js';
import { outputMode, printResult, writeOut } from './output.js';
import { pageProgress } from './progress.js';
import { serialsFrom, withSerialsFile, type SerialFlags } from './serial-input.js';
import { formatRecord, formatStatusMap } from './table.js';

interface ListingFlags extends ClientFlags {
  cursor?: string;
  cursorFile?: string;
  limit?: string;
  progress?: boolean;
}

export function addDeviceCommands(program: Command): void {
  const devices = program.command('devices').description('list, sync, look up and disown devices');

  withListingOptions(devices.command('fetch'))
    .description(
      'list every device of this MDM server (POST /server/devices); a finished fetch ' +
        'cursor goes on with sync, as Apple intends',
    )
    .action((flags: ListingFlags) =>
      runCommand(() => listDevices(flags, { phase: 'fetch', syncAfterFetch: false })),
    );

  withListingOptions(devices.command('sync'))
    .description(
      'changes since --cursor (POST /devices/sync); without a cursor, a full fetch first',
    )
    .action((flags: ListingFlags) => runCommand(() => listDevices(flags, { phase: 'sync' })));

  withSerialsFile(withClientOptions(devices.command('details [serial...]')))
    .description('device details (POST /devices), 1000 serials per request')
    .action((serials: string[], flags: ClientFlags & SerialFlags) =>
      runCommand(async () => {
        const mode = outputMode(flags);
        const answer = await clientFrom(flags).getDeviceDetails(serialsFrom(serials, flags));
        printResult(mode, answer, renderDetails);
      }),
    );

  withSerialsFile(withClientOptions(devices.command('disown [serial...]')))
    .description('tell Apple the organization no longer owns these devices (POST /devices/disown)')
    .option('--yes', 'confirm: Apple treats disowning as permanent')
    .action((serials: string[], flags: ClientFlags & SerialFlags & { yes?: boolean }) =>
      runCommand(async () => {
        const mode = outputMode(flags);
        const list = serialsFrom(serials, flags);
        if (flags.yes !== true) {
          throw new UsageError(`disowning ${list.length} devices is permanent; add --yes`);
        }
        const answer = await clientFrom(flags).disownDevices(list);
        printResult(mode, answer, (a) => formatStatusMap(a.devices));
      }),
    );

  withClientOptions(devices.command('replacement <serial>'))
    .description('which device this one replaced (GET /device/replacementDetails, v10+)')
    .action((serial: string, flags: ClientFlags) =>
      runCommand(async () => {
        const mode = outputMode(flags);
        const answer = await clientFrom(flags).getReplacementDetails(serial);
        printResult(mode, answer, formatRecord);
      }),
    );
}

function withListingOptions(command: Command): Command {
  return withClientOptions(command)
    .option('--cursor <cursor>', 'resume from this cursor')
    .option(
      '--cursor-file <file>',
      'read the cursor from this file if it exists, and write it after each page is printed',
    )
    .option('--limit <n>', 'devices per page (Apple: at most 1000)')
    .option('--no-progress', 'no progress line on stderr (shown only on a terminal anyway)');
}

/**
 * Prints each page as it arrives (NDJSON with `--json`, table rows otherwise), then, for
 * tables, a summary with the cursor.
 */
async function listDevices(flags: ListingFlags, walk: DevicePagesOptions): Promise<void> {
  const mode = outputMode(flags);
  if (flags.cursorFile !== undefined) checkCursorFile(flags.cursorFile);
  const saved = flags.cursorFile === undefined ? undefined : loadCursor(flags.cursorFile);
  const cursor = flags.cursor ?? saved?.cursor;
  const phase = flags.cursor !== undefined ? walk.phase : (saved?.phase ?? walk.phase);
  const limit = pageLimit(flags.limit);
  const client = clientFrom(flags);

  const table = new ListingTable();
  const summary = await streamDevices(
    client,
    {
      ...walk,
      ...(cursor === undefined ? {} : { cursor }),
      ...(phase === undefined ? {} : { phase }),
      ...(limit === undefined ? {} : { limit }),
    },
    pageProgress(process.stderr, flags.progress !== false),
    flags.cursorFile,
    (page) => writeOut(mode === 'json' ? pageLine(page) : table.page(page)),
  );
  if (mode === 'table') await writeOut(table.end(summary));
  if (summary.cursor_loop) {
    process.stderr.write(
      'opendep: the server repeated its cursor with more_to_follow true; stopped to avoid ' +
        'a loop (the known server bug). Try again later from the printed cursor.\n',
    );
    process.exitCode = EXIT.failure;
  }
}

function pageLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new UsageError(`--limit must be a positive whole number, got ${text}`);
  }
  return Number(text);
}
