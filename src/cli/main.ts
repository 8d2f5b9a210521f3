#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { addAccountCommands } from './account-commands.js';
import { addActivationLockCommand } from './activation-lock-command.js';
import { addControlCommands } from './control-commands.js';
import { addDeviceCommands } from './device-commands.js';
import { addDevicesGenerateCommand } from './devices-generate-command.js';
import { quitQuietlyOnClosedOutput } from './output.js';
import { addProfileCommands } from './profile-commands.js';
import { addServeCommand } from './serve-command.js';
import { addTokenCommands } from './token-commands.js';

quitQuietlyOnClosedOutput();

const program = new Command('opendep')
  .description("An emulator of Apple's Device Assignment Services (DEP) API, and its client")
  .showHelpAfterError()
  .exitOverride()
  .addHelpText(
    'after',
    [
      '',
      'Exit codes: 0 success, 1 other failure, 2 usage error (also an unreadable or expired',
      'server token), 3 an Apple error code (printed as "404 NOT_FOUND"), 4 network failure.',
      'Every flag has an OPENDEP_* environment variable; see docs/cli.md.',
    ].join('\n'),
  );

addServeCommand(program);
addControlCommands(program);
addAccountCommands(program);
addDeviceCommands(program);
addDevicesGenerateCommand(program);
addProfileCommands(program);
addActivationLockCommand(program);
addTokenCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  process.stderr.write(`opendep: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
