import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from '../domain/clock.js';
import { buildApp } from '../http/server.js';
import { ensureOrganization } from '../services/admin-service.js';
import type { ServiceContext } from '../services/context.js';
import { seedIfEmpty, writeTokenFile } from '../services/seed.js';
import { openStorage } from '../storage/open.js';
import type { Storage } from '../storage/storage.js';
import type { ServeOptions } from './serve-options.js';

export interface RunningServer {
  url: string;
  adminToken: string;
  /** The seeded MDM server's token file, when there is a seeded server. */
  tokenFile: string | undefined;
  app: FastifyInstance;
  storage: Storage;
  /** Stops accepting, lets in-flight requests finish, closes the database. */
  close(): Promise<void>;
}

const ADMIN_TOKEN_KEY = 'admin_token';
const PRUNE_INTERVAL_MS = 60_000;

async function resolveAdminToken(storage: Storage, fixed: string | undefined): Promise<string> {
  if (fixed !== undefined) return fixed;
  const stored = await storage.repo.getMeta(ADMIN_TOKEN_KEY);
  if (stored !== undefined) return stored;
  const token = `odp_${randomBytes(24).toString('base64url')}`;
  await storage.repo.setMeta(ADMIN_TOKEN_KEY, token);
  return token;
}

/** The token file sits beside the database; `:memory:` and URLs put it under ./.opendep. */
export function tokenFilePath(db: string): string {
  const isFile = db !== ':memory:' && !/^[a-z]+:\/\//i.test(db);
  return resolve(isFile ? dirname(db) : '.opendep', 'example-mdm-token.json');
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
    async close() {
      clearInterval(pruner);
      await app.close();
      await storage.close();
    },
  };
}
