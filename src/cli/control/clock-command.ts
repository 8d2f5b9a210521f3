import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';
import {
  adminRequest,
  runControlCommand,
  withAdminOptions,
  type AdminFlags,
} from './admin-http.js';

const USAGE = 'clock [show | set <date-time> | advance <duration> | freeze | resume | reset]';

/** `opendep clock ...`: the emulator's clock, shared by every instance on the database. */
export function addClockCommand(program: Command): void {
  withAdminOptions(program.command('clock [action] [value]'))
    .description(`read or move the emulator's clock: ${USAGE}`)
    .option('--freeze', 'with set: stop the clock at that instant')
    .action(
      (
        action: string | undefined,
        value: string | undefined,
        flags: AdminFlags & { freeze?: boolean },
      ) =>
        runControlCommand(() => {
          switch (action ?? 'show') {
            case 'show':
              return adminRequest(flags, 'GET', '/clock');
            case 'set':
              if (value === undefined) throw new UsageError('clock set needs a date-time');
              return adminRequest(flags, 'POST', '/clock', {
                set: value,
                ...(flags.freeze === true ? { freeze: true } : {}),
              });
            case 'advance':
              if (value === undefined)
                throw new UsageError('clock advance needs a duration, e.g. 3d');
              return adminRequest(flags, 'POST', '/clock', {
                advance: /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value,
              });
            case 'freeze':
              return adminRequest(flags, 'POST', '/clock', { freeze: true });
            case 'resume':
              return adminRequest(flags, 'POST', '/clock', { resume: true });
            case 'reset':
              return adminRequest(flags, 'DELETE', '/clock');
            default:
              throw new UsageError(`unknown clock action ${action}; ${USAGE}`);
          }
        }),
    );
}
