import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli, type CliResult } from './helpers/cli-process.js';

/** The subcommand names a `--help` page lists (commander's "Commands:" section). */
function subcommandsOf(help: string): string[] {
  const section = /\nCommands:\n([\s\S]*?)(?:\n\n|$)/.exec(help)?.[1] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}([a-z][a-z-]*)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'help');
}

/** Every command path under `path`, found by reading the help pages themselves. */
async function helpPages(path: string[] = []): Promise<Map<string, CliResult>> {
  const pages = new Map<string, CliResult>();
  const result = await runCli([...path, '--help']);
  pages.set(path.join(' '), result);
  const children = await Promise.all(
    subcommandsOf(result.stdout).map((name) => helpPages([...path, name])),
  );
  for (const child of children) for (const [key, value] of child) pages.set(key, value);
  return pages;
}

describe('opendep --help', () => {
  it('covers every command, each with a usage line and a description', async () => {
    const pages = await helpPages();
    const expected = [
      '',
      'serve',
      'session',
      'account',
      'beta-tokens',
      'account-driven-enrollment',
      'account-driven-enrollment get',
      'account-driven-enrollment set',
      'account-driven-enrollment delete',
      'devices',
      'devices fetch',
      'devices sync',
      'devices details',
      'devices disown',
      'devices replacement',
      'profile',
      'profile define',
      'profile get',
      'profile assign',
      'profile remove',
      'activation-lock',
      'token',
      'token keypair',
      'token decrypt',
    ];
    for (const command of expected) assert.ok(pages.has(command), `no help for "${command}"`);

    for (const [command, result] of pages) {
      assert.equal(result.code, 0, `${command}: ${result.stderr}`);
      assert.match(result.stdout, new RegExp(`^Usage: opendep ${command}`.trimEnd()), command);
      const description = result.stdout.split('\n')[2] ?? '';
      assert.ok(description.trim().length > 10, `"${command}" has no description`);
    }
  });

  it('documents the shared client options and the exit codes', async () => {
    const help = await runCli(['devices', 'details', '--help']);
    for (const flag of ['--url', '--token', '--key', '--json', '--table', '--serials-file']) {
      assert.ok(help.stdout.includes(flag), flag);
    }
    const top = await runCli(['--help']);
    assert.match(top.stdout, /Exit codes:/);
  });
});
