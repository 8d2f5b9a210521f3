import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';
import {
  adminRequest,
  runControlCommand,
  withAdminOptions,
  type AdminFlags,
} from './admin-http.js';

function readSnapshot(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read snapshot ${path}: ${(error as Error).message}`);
  }
}

/** `opendep state export|import|reset`: whole-state fixtures. */
export function addStateCommand(program: Command): void {
  const state = program.command('state').description('export, import or reset the whole state');

  withAdminOptions(state.command('export [file]'))
    .description('write the state as JSON to file (or stdout)')
    .action((file: string | undefined, flags: AdminFlags) =>
      runControlCommand(async () => {
        const snapshot = await adminRequest(flags, 'GET', '/state');
        if (file === undefined) return snapshot;
        writeFileSync(file, `${JSON.stringify(snapshot, null, 2)}\n`);
        return undefined;
      }),
    );

  withAdminOptions(state.command('import <file>'))
    .description('replace the state with a snapshot (sessions are dropped)')
    .action((file: string, flags: AdminFlags) =>
      runControlCommand(() => adminRequest(flags, 'PUT', '/state', readSnapshot(file))),
    );

  withAdminOptions(state.command('reset'))
    .description('reset the state to the seed (or --empty)')
    .option('--empty', 'leave nothing, not even the seed')
    .action((flags: AdminFlags & { empty?: boolean }) =>
      runControlCommand(() =>
        adminRequest(flags, 'POST', '/state/reset', {
          to: flags.empty === true ? 'empty' : 'seed',
        }),
      ),
    );
}
