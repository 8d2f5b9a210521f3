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

/**
 * `opendep ... | head` closes the pipe early. That is the reader's choice, not a failure:
 * on EPIPE the CLI stops at once, quietly, with exit code 0 (not 141, the shell's code for
 * death by SIGPIPE, which Node does not die of). Whatever was not written was not
 * printed, so a `--cursor-file` never runs ahead of it. Installed once, by main.
 */
export function quitQuietlyOnClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      if (stream === process.stdout) {
        process.stderr.write(`opendep: cannot write the output: ${error.message}\n`);
      }
      process.exit(1);
    });
  }
}

/**
 * Writes `text` to stdout and resolves once it was handed to the OS (the write callback),
 * so what follows (a cursor file) never gets ahead of what was printed.
 */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => {
      if (error === null || error === undefined) resolve();
      else if ((error as NodeJS.ErrnoException).code !== 'EPIPE') reject(error);
      // EPIPE: the 'error' listener ends the process; this write never completes.
    });
  });
}

/** Prints `result` as JSON, or as `render` makes it readable. */
export function printResult<T>(mode: OutputMode, result: T, render: (value: T) => string): void {
  process.stdout.write(mode === 'json' ? `${JSON.stringify(result, null, 2)}\n` : render(result));
}
