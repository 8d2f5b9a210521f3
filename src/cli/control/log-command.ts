import type { Command } from 'commander';
import {
  adminRequest,
  query,
  runControlCommand,
  wholeNumber,
  withAdminOptions,
  type AdminFlags,
} from './admin-http.js';

interface LogFlags extends AdminFlags {
  path?: string;
  method?: string;
  server?: string;
  status?: string;
  since?: string;
  limit?: string;
  follow?: boolean;
  interval?: string;
  clear?: boolean;
}

interface LogPage {
  entries: Array<{ id: number }>;
  last_id: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function printLines(entries: readonly unknown[]): void {
  for (const entry of entries) process.stdout.write(`${JSON.stringify(entry)}\n`);
}

/** Polls with a since-id forever (until interrupted), printing each new entry once. */
async function follow(flags: LogFlags, filters: Record<string, string | undefined>): Promise<void> {
  const interval = wholeNumber(flags.interval, '--interval') ?? 1000;
  let sinceId = (await adminRequest<LogPage>(flags, 'GET', `/log${query({ limit: 1 })}`)).last_id;
  for (;;) {
    await sleep(interval);
    const page = await adminRequest<LogPage>(
      flags,
      'GET',
      `/log${query({ ...filters, since_id: sinceId })}`,
    );
    printLines(page.entries);
    sinceId = Math.max(sinceId, page.last_id);
  }
}

/** `opendep log`: the requests to Apple's paths, one JSON line each; `--follow` tails them. */
export function addLogCommand(program: Command): void {
  withAdminOptions(program.command('log'))
    .description("show the request log of Apple's paths (one JSON line per request)")
    .option('--path <path>', 'only this path (a trailing * matches a prefix)')
    .option('--method <method>', 'only this method')
    .option('--server <uuid>', 'only this MDM server')
    .option('--status <status>', 'only this status (503) or class (5xx)')
    .option('--since <date-time>', 'only from this instant (emulator clock)')
    .option('--limit <n>', 'only the newest n')
    .option('-f, --follow', 'keep printing new requests as they come')
    .option('--interval <ms>', 'with --follow: how often to ask, default 1000')
    .option('--clear', 'empty the log instead')
    .action((flags: LogFlags) =>
      runControlCommand(async () => {
        if (flags.clear === true) return adminRequest(flags, 'DELETE', '/log');
        const filters = {
          path: flags.path,
          method: flags.method,
          server: flags.server,
          status: flags.status,
          since: flags.since,
        };
        if (flags.follow === true) return follow(flags, filters);
        const page = await adminRequest<LogPage>(
          flags,
          'GET',
          `/log${query({ ...filters, limit: wholeNumber(flags.limit, '--limit') })}`,
        );
        printLines(page.entries);
        return undefined;
      }),
    );
}
