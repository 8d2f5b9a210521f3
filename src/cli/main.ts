#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { addProfileCommands } from './profile-commands.js';
import { addServeCommand } from './serve-command.js';

const program = new Command('opendep')
  .description("An emulator of Apple's Device Assignment Services (DEP) API, and its client")
  .showHelpAfterError()
  .exitOverride();

addServeCommand(program);
addProfileCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  process.stderr.write(`opendep: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
