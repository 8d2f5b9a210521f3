import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ProfileDefinitionInput } from '../client/types.js';
import {
  clientFrom,
  runClientCommand,
  UsageError,
  withClientOptions,
  type ClientFlags,
} from './client-options.js';

function readProfileFile(path: string): ProfileDefinitionInput {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ProfileDefinitionInput;
  } catch (error) {
    throw new UsageError(`cannot read profile ${path}: ${(error as Error).message}`);
  }
}

/** `opendep profile define|get|assign|remove`, against the emulator or Apple. */
export function addProfileCommands(program: Command): void {
  const profile = program.command('profile').description('define, get, assign, remove profiles');

  withClientOptions(profile.command('define <file>'))
    .description('define a profile from a JSON file (POST /profile)')
    .action((file: string, flags: ClientFlags) =>
      runClientCommand(() => clientFrom(flags).defineProfile(readProfileFile(file))),
    );

  withClientOptions(profile.command('get <profile_uuid>'))
    .description('show a profile (GET /profile)')
    .action((uuid: string, flags: ClientFlags) =>
      runClientCommand(() => clientFrom(flags).getProfile(uuid)),
    );

  withClientOptions(profile.command('assign <profile_uuid> <serial...>'))
    .description('assign a profile to devices (POST /profile/devices)')
    .action((uuid: string, serials: string[], flags: ClientFlags) =>
      runClientCommand(() => clientFrom(flags).assignProfile(uuid, serials)),
    );

  withClientOptions(profile.command('remove <serial...>'))
    .description('remove the profile from devices (DELETE /profile/devices)')
    .action((serials: string[], flags: ClientFlags) =>
      runClientCommand(() => clientFrom(flags).removeProfile(serials)),
    );
}
