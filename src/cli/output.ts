/**
 * Where a command's answer goes: JSON (`--json`) for machines, tables (`--table`) for
 * people. Without either flag a terminal gets tables and a pipe gets JSON, so scripts
 * that forget `--json` still read something stable.
 */
import type { Command } from 'commander';
import { UsageError } from './exit-codes.js';

export interface OutputFlags {
  json?: boolean;
  table?: boolean;
}

export type OutputMode = 'json' | 'table';

export function withOutputOptions(command: Command): Command {
  return command
    .option('--json', 'print JSON (OPENDEP_OUTPUT=json; the default when piped)')
    .option('--table', 'print readable tables (OPENDEP_OUTPUT=table; the default on a terminal)');
}

export function outputMode(flags: OutputFlags): OutputMode {
  if (flags.json === true && flags.table === true) {
    throw new UsageError('--json and --table exclude each other');
  }
  if (flags.json === true) return 'json';
  if (flags.table === true) return 'table';
  const fromEnv = process.env.OPENDEP_OUTPUT;
  if (fromEnv === 'json' || fromEnv === 'table') return fromEnv;
  if (fromEnv !== undefined && fromEnv !== '') {
    throw new UsageError(`OPENDEP_OUTPUT must be json or table, not ${fromEnv}`);
  }
  return process.stdout.isTTY === true ? 'table' : 'json';
}

/** Prints `result` as JSON, or as `render` makes it readable. */
export function printResult<T>(mode: OutputMode, result: T, render: (value: T) => string): void {
  process.stdout.write(mode === 'json' ? `${JSON.stringify(result, null, 2)}\n` : render(result));
}
