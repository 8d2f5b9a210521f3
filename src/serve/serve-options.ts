import { join } from 'node:path';
import { DEFAULT_THROTTLE_RULE, type ThrottleRule } from '../domain/assign-throttle.js';

/** Everything `opendep serve` can be told, after flags and environment are merged. */
export interface ServeOptions {
  host: string;
  port: number;
  /** A SQLite file path, `:memory:`, or (later) a postgres:// URL. */
  db: string;
  /** Fixed admin token; when absent one is generated on first start and stored. */
  adminToken: string | undefined;
  seed: boolean;
  sessionTtlSeconds: number;
  userAgentDenyList: string[];
  defaultProtocolVersion: number;
  trustProxy: boolean;
  log: 'stdout' | 'stderr' | false;
  /** Keep fault rules, account states, marks, quirks and the clock across a restart. */
  keepFaults: boolean;
  /** Error bodies bare (Apple) or quoted (Apple's old simulator). */
  errorStyle: 'bare' | 'quoted';
  /** Entries the request log keeps; and whether it keeps bodies. */
  requestLogSize: number;
  requestLogBodies: boolean;
  /** At most `maxAssignments` profile assignments per device in `windowSeconds`; 0 = off. */
  assignThrottle: ThrottleRule;
}

export const DEFAULT_DB_PATH = join('.opendep', 'opendep.db');

/** Raw values as commander hands them over (flag wins, then environment, then default). */
export interface RawServeFlags {
  host?: string;
  port?: string;
  db?: string;
  adminToken?: string;
  seed?: boolean;
  sessionTtl?: string;
  userAgentDeny?: string;
  protocolVersion?: string;
  trustProxy?: boolean;
  keepFaults?: boolean;
  errorStyle?: string;
  requestLogSize?: string;
  requestLogBodies?: boolean;
  assignThrottleCount?: string;
  assignThrottleWindow?: string;
}

function integer(value: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(value.trim())) throw new Error(`${name} must be a whole number`);
  const parsed = Number(value);
  if (parsed < min || parsed > max) throw new Error(`${name} must be from ${min} to ${max}`);
  return parsed;
}

function isOn(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

function errorStyle(value: string): 'bare' | 'quoted' {
  if (value !== 'bare' && value !== 'quoted') throw new Error('error-style must be bare or quoted');
  return value;
}

function flagOrEnv(flag: string | undefined, env: string | undefined): string | undefined {
  return flag ?? (env === undefined || env === '' ? undefined : env);
}

/** Merges flags with OPENDEP_* environment variables; throws a readable Error on bad input. */
export function resolveServeOptions(
  flags: RawServeFlags,
  env: NodeJS.ProcessEnv = process.env,
): ServeOptions {
  // Here an empty value means something (an empty list), so it is not treated as unset.
  const denyList = flags.userAgentDeny ?? env.OPENDEP_USER_AGENT_DENY;
  const seedFromEnv = env.OPENDEP_NO_SEED === '1' || env.OPENDEP_NO_SEED === 'true';
  return {
    host: flagOrEnv(flags.host, env.OPENDEP_HOST) ?? '127.0.0.1',
    port: integer(flagOrEnv(flags.port, env.OPENDEP_PORT) ?? '8080', 'port', 0, 65535),
    db: flagOrEnv(flags.db, env.OPENDEP_DB) ?? DEFAULT_DB_PATH,
    adminToken: flagOrEnv(flags.adminToken, env.OPENDEP_ADMIN_TOKEN),
    seed: flags.seed !== false && !seedFromEnv,
    sessionTtlSeconds: integer(
      flagOrEnv(flags.sessionTtl, env.OPENDEP_SESSION_TTL) ?? '1800',
      'session-ttl',
      1,
      30 * 24 * 3600,
    ),
    userAgentDenyList: (denyList ?? 'nanodep-godep/0')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
    defaultProtocolVersion: integer(
      flagOrEnv(flags.protocolVersion, env.OPENDEP_DEFAULT_PROTOCOL_VERSION) ?? '1',
      'protocol-version',
      1,
      10,
    ),
    trustProxy: flags.trustProxy === true || env.OPENDEP_TRUST_PROXY === '1',
    log: 'stdout',
    keepFaults: flags.keepFaults === true || isOn(env.OPENDEP_KEEP_FAULTS),
    errorStyle: errorStyle(flagOrEnv(flags.errorStyle, env.OPENDEP_ERROR_STYLE) ?? 'bare'),
    requestLogSize: integer(
      flagOrEnv(flags.requestLogSize, env.OPENDEP_REQUEST_LOG_SIZE) ?? '1000',
      'request-log-size',
      1,
      1_000_000,
    ),
    requestLogBodies: flags.requestLogBodies === true || isOn(env.OPENDEP_REQUEST_LOG_BODIES),
    assignThrottle: {
      maxAssignments: integer(
        flagOrEnv(flags.assignThrottleCount, env.OPENDEP_ASSIGN_THROTTLE_COUNT) ??
          String(DEFAULT_THROTTLE_RULE.maxAssignments),
        'assign-throttle-count',
        0,
        1_000_000,
      ),
      windowSeconds: integer(
        flagOrEnv(flags.assignThrottleWindow, env.OPENDEP_ASSIGN_THROTTLE_WINDOW) ??
          String(DEFAULT_THROTTLE_RULE.windowSeconds),
        'assign-throttle-window',
        1,
        30 * 24 * 3600,
      ),
    },
  };
}
