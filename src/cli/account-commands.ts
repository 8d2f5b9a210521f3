/**
 * The account-level commands: `session`, `account`, `beta-tokens`, and
 * `account-driven-enrollment get|set|delete`.
 */
import type { Command } from 'commander';
import type { AccountDetail, BetaEnrollmentTokensResponse } from '../client/account-types.js';
import { clientFrom, runCommand, withClientOptions, type ClientFlags } from './client-options.js';
import { outputMode, printResult } from './output.js';
import { formatRecord, formatTable } from './table.js';

function renderAccount(account: AccountDetail): string {
  const { urls, ...fields } = account;
  if (urls === undefined || urls.length === 0) return formatRecord(fields);
  const table = formatTable(
    [
      { header: 'URI', value: (u) => u.uri },
      { header: 'METHODS', value: (u) => u.http_method },
      { header: 'LIMIT', value: (u) => (u.limit ? `${u.limit.default}/${u.limit.maximum}` : '') },
    ],
    urls,
  );
  return `${formatRecord(fields)}\n${table}`;
}

function renderBetaTokens(answer: BetaEnrollmentTokensResponse): string {
  const tokens = answer.betaEnrollmentTokens ?? [];
  if (tokens.length === 0) return '(no beta enrollment tokens)\n';
  return formatTable(
    [
      { header: 'OS', value: (t) => t.os },
      { header: 'TITLE', value: (t) => t.title },
      { header: 'TOKEN', value: (t) => t.token },
    ],
    tokens,
  );
}

export function addAccountCommands(program: Command): void {
  withClientOptions(program.command('session'))
    .description('sign GET /session with the server token and print the session token')
    .action((flags: ClientFlags) =>
      runCommand(async () => {
        const mode = outputMode(flags);
        const session = await clientFrom(flags).startSession();
        printResult(mode, { auth_session_token: session }, formatRecord);
      }),
    );

  withClientOptions(program.command('account'))
    .description('this MDM server and its organization (GET /account)')
    .action((flags: ClientFlags) =>
      runCommand(async () => {
        const mode = outputMode(flags);
        printResult(mode, await clientFrom(flags).getAccount(), renderAccount);
      }),
    );

  withClientOptions(program.command('beta-tokens'))
    .description('AppleSeed for IT beta enrollment tokens (GET /os-beta-enrollment/tokens)')
    .action((flags: ClientFlags) =>
      runCommand(async () => {
        const mode = outputMode(flags);
        printResult(mode, await clientFrom(flags).getBetaEnrollmentTokens(), renderBetaTokens);
      }),
    );

  const ade = program
    .command('account-driven-enrollment')
    .description('the fallback service-discovery URL (/account-driven-enrollment/profile)');

  withClientOptions(ade.command('get'))
    .description('show the URL (GET)')
    .action((flags: ClientFlags) =>
      runCommand(async () => {
        const mode = outputMode(flags);
        const answer = await clientFrom(flags).getAccountDrivenEnrollmentProfile();
        printResult(mode, answer, formatRecord);
      }),
    );

  withClientOptions(ade.command('set <url>'))
    .description('set the URL, HTTPS (POST)')
    .action((url: string, flags: ClientFlags) =>
      runCommand(async () => {
        const mode = outputMode(flags);
        await clientFrom(flags).setAccountDrivenEnrollmentProfile(url);
        printResult(mode, { mdm_service_discovery_url: url }, formatRecord);
      }),
    );

  withClientOptions(ade.command('delete'))
    .description('remove the URL (DELETE)')
    .action((flags: ClientFlags) =>
      runCommand(async () => {
        const mode = outputMode(flags);
        await clientFrom(flags).deleteAccountDrivenEnrollmentProfile();
        printResult(mode, { deleted: true }, formatRecord);
      }),
    );
}
