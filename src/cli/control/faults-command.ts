import type { Command } from 'commander';
import {
  adminRequest,
  defined,
  query,
  runControlCommand,
  wholeNumber,
  withAdminOptions,
  type AdminFlags,
} from './admin-http.js';

interface AddFlags extends AdminFlags {
  method?: string;
  path?: string;
  server?: string;
  serial?: string;
  status: string;
  code?: string;
  retryAfter?: string;
  newSession?: boolean;
  times?: string;
  probability?: string;
  seed?: string;
}

interface TargetFlags extends AdminFlags {
  server?: string;
  org?: string;
  variant?: string;
  state?: string;
}

/** `terms-not-accepted` and `terms_not_accepted` both name a state. */
const stateName = (value: string): string => value.replace(/-/g, '_');

/** `opendep faults ...`: rules, account states, sessions. Devices and cursors: below. */
export function addFaultsCommand(program: Command): Command {
  const faults = program
    .command('faults')
    .description('script failures: fault rules, account states, device outcomes, quirks');

  withAdminOptions(faults.command('list'))
    .description('list fault rules')
    .action((flags: AdminFlags) => runControlCommand(() => adminRequest(flags, 'GET', '/faults')));

  withAdminOptions(faults.command('add'))
    .description('add a fault rule (answers matching Apple requests with an error)')
    .requiredOption('--status <code>', 'HTTP status, 400 to 599')
    .option('--method <method>', 'GET, POST, PUT, DELETE or * (default *)')
    .option('--path <path>', 'Apple path, prefix ending in *, or * (default *)')
    .option('--server <uuid>', 'only requests of this MDM server')
    .option('--serial <serial>', 'only requests naming this serial')
    .option('--code <code>', 'bare body (default: the status name, e.g. SERVICE_UNAVAILABLE)')
    .option('--retry-after <seconds>', 'add a Retry-After header')
    .option('--new-session', 'add a new X-ADM-Auth-Session for the caller')
    .option('--times <n>', 'fire for the next n matching requests (default: always)')
    .option('--probability <p>', 'fire with this chance, 0 < p <= 1')
    .option('--seed <n>', 'seed of the probability draws (for replay)')
    .action((flags: AddFlags) =>
      runControlCommand(() =>
        adminRequest(
          flags,
          'POST',
          '/faults',
          defined({
            method: flags.method,
            path: flags.path,
            server_uuid: flags.server,
            serial: flags.serial,
            status: wholeNumber(flags.status, '--status'),
            code: flags.code,
            retry_after: wholeNumber(flags.retryAfter, '--retry-after'),
            new_session: flags.newSession,
            times: wholeNumber(flags.times, '--times'),
            probability: flags.probability === undefined ? undefined : Number(flags.probability),
            seed: wholeNumber(flags.seed, '--seed'),
          }),
        ),
      ),
    );

  withAdminOptions(faults.command('remove <id>'))
    .description('remove a fault rule')
    .action((id: string, flags: AdminFlags) =>
      runControlCommand(() => adminRequest(flags, 'DELETE', `/faults/${encodeURIComponent(id)}`)),
    );

  withAdminOptions(faults.command('clear'))
    .description('remove every fault rule')
    .action((flags: AdminFlags) =>
      runControlCommand(() => adminRequest(flags, 'DELETE', '/faults')),
    );

  withAdminOptions(faults.command('account [state]'))
    .description(
      'show account states, or set one: terms-not-accepted, access-denied, token-revoked, ' +
        'token-expired',
    )
    .option('--server <uuid>', 'for this MDM server')
    .option('--org <org_id>', 'for the whole organization')
    .option('--variant <name>', 'how a revoked/expired token is refused (see docs/faults.md)')
    .action((state: string | undefined, flags: TargetFlags) =>
      runControlCommand(() =>
        state === undefined
          ? adminRequest(flags, 'GET', '/account-states')
          : adminRequest(
              flags,
              'PUT',
              '/account-states',
              defined({
                state: stateName(state),
                server_uuid: flags.server,
                org_id: flags.org,
                variant: flags.variant,
              }),
            ),
      ),
    );

  withAdminOptions(faults.command('account-clear'))
    .description('clear account states (all, or of --state / --server / --org)')
    .option('--state <state>', 'only this state')
    .option('--server <uuid>', 'only of this MDM server')
    .option('--org <org_id>', 'only of this organization')
    .action((flags: TargetFlags) =>
      runControlCommand(() =>
        adminRequest(
          flags,
          'DELETE',
          `/account-states${query({
            state: flags.state === undefined ? undefined : stateName(flags.state),
            server_uuid: flags.server,
            org_id: flags.org,
          })}`,
        ),
      ),
    );

  withAdminOptions(faults.command('sessions <server_uuid>'))
    .description("end all of a server's sessions (403 FORBIDDEN; --expire for 401)")
    .option('--expire', 'expire them instead (401 UNAUTHORIZED)')
    .action((serverUuid: string, flags: AdminFlags & { expire?: boolean }) =>
      runControlCommand(() =>
        adminRequest(flags, 'POST', '/sessions/invalidate', {
          server_uuid: serverUuid,
          how: flags.expire === true ? 'expire' : 'forget',
        }),
      ),
    );

  return faults;
}
