import type { Command } from 'commander';
import { resolveServeOptions, type RawServeFlags } from '../serve/serve-options.js';
import { startServer } from '../serve/start.js';

/** `opendep serve`: every flag mirrored by an OPENDEP_* environment variable. */
export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the emulator')
    .option('--host <host>', 'address to listen on (OPENDEP_HOST)', undefined)
    .option('--port <port>', 'port, 0 picks a free one (OPENDEP_PORT)', undefined)
    .option('--db <path|url>', 'SQLite file or :memory: (OPENDEP_DB)', undefined)
    .option('--admin-token <token>', 'control-plane bearer token (OPENDEP_ADMIN_TOKEN)')
    .option('--no-seed', 'do not seed an empty database (OPENDEP_NO_SEED=1)')
    .option('--session-ttl <seconds>', 'session lifetime, default 1800 (OPENDEP_SESSION_TTL)')
    .option(
      '--user-agent-deny <list>',
      'comma-separated User-Agent substrings answered USER_AGENT_INVALID (OPENDEP_USER_AGENT_DENY)',
    )
    .option(
      '--protocol-version <n>',
      'version assumed without X-Server-Protocol-Version, default 1 ' +
        '(OPENDEP_DEFAULT_PROTOCOL_VERSION)',
    )
    .option('--trust-proxy', 'trust X-Forwarded-* headers (OPENDEP_TRUST_PROXY=1)')
    .option('--keep-faults', 'keep fault rules, states and the clock (OPENDEP_KEEP_FAULTS=1)')
    .option('--error-style <style>', 'bare (default) or quoted error bodies (OPENDEP_ERROR_STYLE)')
    .option(
      '--request-log-size <n>',
      'requests the log keeps, default 1000 (OPENDEP_REQUEST_LOG_SIZE)',
    )
    .option('--request-log-bodies', 'log request and answer bodies (OPENDEP_REQUEST_LOG_BODIES=1)')
    .option(
      '--assign-throttle-count <n>',
      'profile assignments one device may get per window before THROTTLED, default 10, ' +
        '0 turns throttling off (OPENDEP_ASSIGN_THROTTLE_COUNT)',
    )
    .option(
      '--assign-throttle-window <seconds>',
      'the throttle window, default 3600 (OPENDEP_ASSIGN_THROTTLE_WINDOW)',
    )
    .action(async (flags: RawServeFlags) => {
      const options = resolveServeOptions(flags);
      const running = await startServer(options);
      const lines = [
        `opendep is listening on ${running.url}`,
        `  database:     ${running.storage.location}`,
        `  admin token:  ${running.adminToken}`,
      ];
      if (running.tokenFile !== undefined) lines.push(`  MDM token:    ${running.tokenFile}`);
      lines.push(`  try:          curl ${running.url}/_opendep/health`);
      process.stderr.write(`${lines.join('\n')}\n`);

      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`${signal}: finishing in-flight requests, closing the database\n`);
        running.close().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`shutdown failed: ${String(error)}\n`);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}
