import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from '../domain/clock.js';
import { buildApp } from '../http/server.js';
import { ensureOrganization } from '../services/admin-service.js';
import type { ServiceContext } from '../services/context.js';
import { seedIfEmpty, writeTokenFile } from '../services/seed.js';
import { openStorage } from '../storage/open.js';
import type { Storage } from '../storage/storage.js';
import { ConnectionTracker } from './graceful-close.js';
import type { ServeOptions } from './serve-options.js';

export interface RunningServer {
  url: string;
  adminToken: string;
  /** The seeded MDM server's token file, when there is a seeded server. */
  tokenFile: string | undefined;
  app: FastifyInstance;
  storage: Storage;
  /**
   * Stops accepting, lets in-flight requests finish (cutting what is left after
   * `graceMs`, 10 s by default), closes the database.
   */
  close(graceMs?: number): Promise<void>;
}

const ADMIN_TOKEN_KEY = 'admin_token';
/** How long shutdown waits for in-flight requests before cutting connections. */
const SHUTDOWN_GRACE_MS = 10_000;
const PRUNE_INTERVAL_MS = 60_000;

async function resolveAdminToken(storage: Storage, fixed: string | undefined): Promise<string> {
  if (fixed !== undefined) return fixed;
  const stored = await storage.repo.getMeta(ADMIN_TOKEN_KEY);
  if (stored !== undefined) return stored;
  const token = `odp_${randomBytes(24).toString('base64url')}`;
  await storage.repo.setMeta(ADMIN_TOKEN_KEY, token);
  return token;
}

const TOKEN_FILE_NAME = 'example-mdm-token.json';

/**
 * Where the seeded server's token goes: beside a SQLite file; for a PostgreSQL database
 * under ./.opendep/<host-port-database>/, so two databases never share a file; for
 * `:memory:` (a new server every start) in a temporary folder of this process alone.
 */
export function tokenFilePath(db: string): string {
  if (db === ':memory:') return join(tmpdir(), `opendep-memory-${process.pid}`, TOKEN_FILE_NAME);
  if (!/^[a-z]+:\/\//i.test(db)) return resolve(dirname(db), TOKEN_FILE_NAME);
  const url = new URL(db);
  const name = `${url.hostname}-${url.port || '5432'}-${url.pathname.slice(1) || 'postgres'}`;
  return resolve('.opendep', name.replace(/[^A-Za-z0-9._-]+/g, '_'), TOKEN_FILE_NAME);
}

/** Opens storage, seeds, and listens: what `opendep serve` and the test suite both run. */
export async function startServer(
  options: ServeOptions,
  clock: Clock = systemClock,
): Promise<RunningServer> {
  const storage = await openStorage(options.db);
  const ctx: ServiceContext = {
    storage,
    clock,
    settings: {
      sessionTtlSeconds: options.sessionTtlSeconds,
      oauthWindowSeconds: 300,
      userAgentDenyList: options.userAgentDenyList,
      defaultProtocolVersion: options.defaultProtocolVersion,
      assignThrottle: options.assignThrottle,
    },
  };

  // One instance at a time, so instances starting together on one empty database agree on
  // the admin token, the organization and the seed.
  const { adminToken, seeded } = await storage.exclusive(async () => {
    const token = await resolveAdminToken(storage, options.adminToken);
    await ensureOrganization(ctx);
    return { adminToken: token, seeded: options.seed ? await seedIfEmpty(ctx) : undefined };
  });
  const tokenFile = seeded === undefined ? undefined : tokenFilePath(options.db);
  if (seeded !== undefined && tokenFile !== undefined) writeTokenFile(tokenFile, seeded);

  const app = buildApp(ctx, {
    adminToken,
    log: options.log,
    trustProxy: options.trustProxy,
    control: {
      keepFaults: options.keepFaults,
      errorStyle: options.errorStyle,
      requestLogSize: options.requestLogSize,
      requestLogBodies: options.requestLogBodies,
      ...(tokenFile === undefined ? {} : { tokenFile }),
    },
  });
  const connections = new ConnectionTracker(app.server);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  const pruner = setInterval(() => {
    const windowMs = options.assignThrottle.windowSeconds * 1000;
    const assignments = storage.repo.deviceState.pruneAssignments(
      ctx.clock.now().getTime() - windowMs,
    );
    assignments.catch((error: unknown) => {
      app.log.warn({ err: error }, 'pruning old profile assignments failed');
    });
    storage.repo.pruneExpired(ctx.clock.now().getTime()).catch((error: unknown) => {
      app.log.warn({ err: error }, 'pruning expired sessions failed');
    });
  }, PRUNE_INTERVAL_MS);
  pruner.unref();

  return {
    url: `http://${host}:${port}`,
    adminToken,
    tokenFile,
    app,
    storage,
    async close(graceMs = SHUTDOWN_GRACE_MS) {
      clearInterval(pruner);
      await connections.drain(() => app.close(), graceMs);
      await storage.close();
    },
  };
}
