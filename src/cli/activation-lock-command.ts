/** `opendep activation-lock <serial>`. */
import type { Command } from 'commander';
import { clientFrom, runCommand, withClientOptions, type ClientFlags } from './client-options.js';
import { UsageError } from './exit-codes.js';
import { outputMode, printResult } from './output.js';
import { formatRecord } from './table.js';

interface LockFlags extends ClientFlags {
  escrowKey?: string;
  lostMessage?: string;
}

export function addActivationLockCommand(program: Command): void {
  withClientOptions(program.command('activation-lock <serial>'))
    .description('turn on Activation Lock for a supervised device (POST /device/activationlock)')
    .option(
      '--escrow-key <hex>',
      'hashed bypass code, 64 hex characters; without it the device locks to the ' +
        "MDM server's creator",
    )
    .option('--lost-message <text>', 'message shown on the locked device')
    .action((serial: string, flags: LockFlags) =>
      runCommand(async () => {
        const mode = outputMode(flags);
        // Apple wants the hash, not the dashed bypass code; catch the mix-up before calling.
        if (flags.escrowKey !== undefined && !/^[0-9A-Fa-f]{64}$/.test(flags.escrowKey)) {
          throw new UsageError('--escrow-key must be 64 hex characters (not the dashed code)');
        }
        const answer = await clientFrom(flags).activationLock({
          device: serial,
          ...(flags.escrowKey === undefined ? {} : { escrow_key: flags.escrowKey.toUpperCase() }),
          ...(flags.lostMessage === undefined ? {} : { lost_message: flags.lostMessage }),
        });
        printResult(mode, answer, formatRecord);
      }),
    );
}
