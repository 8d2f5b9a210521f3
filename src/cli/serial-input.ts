/**
 * Serial numbers for the commands that take many: from the arguments, and from
 * `--serials-file` (one per line, `#` comments, `-` for stdin) for lists too long to type.
 */
import type { Command } from 'commander';
import { UsageError } from './exit-codes.js';
import { readInput } from './token-source.js';

export interface SerialFlags {
  serialsFile?: string;
}

export function withSerialsFile(command: Command): Command {
  return command.option(
    '--serials-file <file>',
    'read serial numbers from a file, one per line (- for stdin)',
  );
}

export function serialsFrom(args: readonly string[], flags: SerialFlags): string[] {
  const fromFile =
    flags.serialsFile === undefined
      ? []
      : readInput(flags.serialsFile, 'the serials file')
          .toString('utf8')
          .split(/\r?\n/)
          .map((line) => line.replace(/#.*/, '').trim())
          .filter((line) => line !== '');
  const serials = [...args, ...fromFile];
  if (serials.length === 0) {
    throw new UsageError('no serial numbers: give them as arguments or with --serials-file');
  }
  return serials;
}
