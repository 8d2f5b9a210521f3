/** `opendep profile define|get|assign|remove`, against the emulator or Apple. */
import type { Command } from 'commander';
import type { ProfileDefinitionInput } from '../client/profile-types.js';
import { clientFrom, runCommand, withClientOptions, type ClientFlags } from './client-options.js';
import { UsageError } from './exit-codes.js';
import { outputMode, printResult } from './output.js';
import { serialsFrom, withSerialsFile, type SerialFlags } from './serial-input.js';
import { formatRecord, formatStatusMap } from './table.js';
import { readInput } from './token-source.js';

function readProfileFile(path: string): ProfileDefinitionInput {
  const text = readInput(path, 'the profile').toString('utf8');
  let profile: unknown;
  try {
    profile = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`cannot read profile ${path}: ${(error as Error).message}`);
  }
  if (typeof profile !== 'object' || profile === null || Array.isArray(profile)) {
    throw new UsageError(`${path} must hold a JSON object`);
  }
  // Checking the fields is Apple's job: its answer names the exact problem.
  return profile as ProfileDefinitionInput;
}

/** profile_uuid (and retry_after_seconds) above the per-device table. */
function renderAssignment(answer: {
  profile_uuid?: string;
  devices?: Record<string, string>;
  retry_after_seconds?: number;
}): string {
  const { devices, ...rest } = answer;
  const head = Object.keys(rest).length === 0 ? '' : `${formatRecord(rest)}\n`;
  return head + formatStatusMap(devices);
}

export function addProfileCommands(program: Command): void {
  const profile = program.command('profile').description('define, get, assign, remove profiles');

  withClientOptions(profile.command('define <file>'))
    .description('define a profile from a JSON file (POST /profile); - reads stdin')
    .action((file: string, flags: ClientFlags) =>
      runCommand(async () => {
        const mode = outputMode(flags);
        const answer = await clientFrom(flags).defineProfile(readProfileFile(file));
        printResult(mode, answer, renderAssignment);
      }),
    );

  withClientOptions(profile.command('get <profile_uuid>'))
    .description('show a profile (GET /profile)')
    .action((uuid: string, flags: ClientFlags) =>
      runCommand(async () => {
        const mode = outputMode(flags);
        printResult(mode, await clientFrom(flags).getProfile(uuid), formatRecord);
      }),
    );

  withSerialsFile(withClientOptions(profile.command('assign <profile_uuid> [serial...]')))
    .description('assign a profile to devices (POST /profile/devices), 1000 per request')
    .action((uuid: string, serials: string[], flags: ClientFlags & SerialFlags) =>
      runCommand(async () => {
        const mode = outputMode(flags);
        const list = serialsFrom(serials, flags);
        printResult(mode, await clientFrom(flags).assignProfile(uuid, list), renderAssignment);
      }),
    );

  withSerialsFile(withClientOptions(profile.command('remove [serial...]')))
    .description('remove the profile from devices (DELETE /profile/devices), 1000 per request')
    .action((serials: string[], flags: ClientFlags & SerialFlags) =>
      runCommand(async () => {
        const mode = outputMode(flags);
        const list = serialsFrom(serials, flags);
        printResult(mode, await clientFrom(flags).removeProfile(list), renderAssignment);
      }),
    );
}
