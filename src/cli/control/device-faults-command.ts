import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';
import {
  adminRequest,
  defined,
  query,
  runControlCommand,
  wholeNumber,
  withAdminOptions,
  type AdminFlags,
} from './admin-http.js';

interface DeviceFlags extends AdminFlags {
  calls?: string;
  for?: string;
  ops?: string;
  retryAfter?: string;
}

function onOff(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'on' || value === 'true') return true;
  if (value === 'off' || value === 'false') return false;
  throw new UsageError('--apple-moves takes on or off');
}

/** `opendep faults device|device-clear|cursor|cursor-clear|settings`. */
export function addDeviceFaultCommands(faults: Command): void {
  withAdminOptions(faults.command('device [outcome] [serials...]'))
    .description('show outcome marks, or mark serials FAILED, THROTTLED or NOT_ACCESSIBLE')
    .option('--calls <n>', 'for the next n calls naming the serial')
    .option('--for <duration>', 'for a while: seconds, or like 90m, 1d')
    .option('--ops <list>', 'comma-separated: define, assign, remove (default: all that apply)')
    .option('--retry-after <seconds>', 'retry_after_seconds for THROTTLED')
    .action((outcome: string | undefined, serials: string[], flags: DeviceFlags) =>
      runControlCommand(async () => {
        if (outcome === undefined) return adminRequest(flags, 'GET', '/device-outcomes');
        if (serials.length === 0) throw new UsageError('name at least one serial');
        return adminRequest(
          flags,
          'POST',
          '/device-outcomes',
          defined({
            serials,
            outcome: outcome.toUpperCase(),
            calls: wholeNumber(flags.calls, '--calls'),
            duration: flags.for,
            operations: flags.ops?.split(',').map((op) => op.trim()),
            retry_after: wholeNumber(flags.retryAfter, '--retry-after'),
          }),
        );
      }),
    );

  withAdminOptions(faults.command('device-clear'))
    .description('remove outcome marks (all, or of --serial)')
    .option('--serial <serial>', 'only of this serial')
    .action((flags: AdminFlags & { serial?: string }) =>
      runControlCommand(() =>
        adminRequest(flags, 'DELETE', `/device-outcomes${query({ serial: flags.serial })}`),
      ),
    );

  withAdminOptions(faults.command('cursor'))
    .description('answer cursors with the same cursor and more_to_follow: true')
    .option('--server <uuid>', 'only this MDM server')
    .option('--endpoint <which>', 'fetch, sync or both (default both)')
    .option('--pages <n>', 'for n pages (default: until removed)')
    .option('--list', 'only show the quirks in place')
    .action(
      (
        flags: AdminFlags & { server?: string; endpoint?: string; pages?: string; list?: boolean },
      ) =>
        runControlCommand(() =>
          flags.list === true
            ? adminRequest(flags, 'GET', '/cursor-quirks')
            : adminRequest(
                flags,
                'POST',
                '/cursor-quirks',
                defined({
                  server_uuid: flags.server,
                  endpoint: flags.endpoint,
                  pages: wholeNumber(flags.pages, '--pages'),
                }),
              ),
        ),
    );

  withAdminOptions(faults.command('cursor-clear'))
    .description('remove every cursor quirk')
    .action((flags: AdminFlags) =>
      runControlCommand(() => adminRequest(flags, 'DELETE', '/cursor-quirks')),
    );

  withAdminOptions(faults.command('settings'))
    .description('show or change the error body style and how moves are journaled')
    .option('--error-style <style>', 'bare (Apple) or quoted (the old simulator)')
    .option('--apple-moves <on|off>', 'journal moves as modified + removed on the new server')
    .action((flags: AdminFlags & { errorStyle?: string; appleMoves?: string }) =>
      runControlCommand(() =>
        flags.errorStyle === undefined && flags.appleMoves === undefined
          ? adminRequest(flags, 'GET', '/settings')
          : adminRequest(
              flags,
              'PATCH',
              '/settings',
              defined({ error_style: flags.errorStyle, apple_moves: onOff(flags.appleMoves) }),
            ),
      ),
    );
}
