import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { ControlOptions } from '../control/control-plane.js';
import { installControlPlane } from '../control/install.js';
import { AppleError } from '../errors/apple-codes.js';
import { AdminError } from '../services/admin-service.js';
import type { ServiceContext } from '../services/context.js';
import { sendAppleError } from './apple-reply.js';
import { pathOf } from './url-path.js';
import { registerAdminRoutes } from './routes/admin-routes.js';
import { registerAppleRoutes } from './routes/apple-routes.js';
import { loggerOptions, RequestLineController, type LogDestination } from './request-log.js';

export interface AppOptions {
  adminToken: string;
  /** Where request lines go; false for none (tests). */
  log: LogDestination | false;
  /** Trust X-Forwarded-* (behind a TLS-terminating proxy), so OAuth URLs match. */
  trustProxy?: boolean;
  bodyLimitBytes?: number;
  /** Faults, clock and request log; defaults when absent. */
  control?: ControlOptions;
}

const ADMIN_PREFIX = '/_opendep';

/** The whole HTTP surface: Apple's endpoints and our control plane. */
export function buildApp(ctx: ServiceContext, options: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: options.log === false ? false : loggerOptions(options.log),
    logController: new RequestLineController(),
    exposeHeadRoutes: false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: options.bodyLimitBytes ?? 16 * 1024 * 1024,
    return503OnClosing: true,
  });

  // Bodies arrive as text whatever their content type; handlers parse them, so a broken
  // body becomes Apple's MALFORMED_REQUEST_BODY rather than a framework error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });

  const appleMethods = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(ADMIN_PREFIX)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const known = appleMethods.get(route.url) ?? new Set<string>();
    for (const method of methods) known.add(method);
    appleMethods.set(route.url, known);
  });

  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof AppleError) return sendAppleError(reply, error.status, error.body);
    if (error instanceof AdminError) {
      return reply.code(error.status).send({ error: error.message });
    }
    const status =
      'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'unhandled error');
    if (pathOf(request.url).startsWith(ADMIN_PREFIX)) {
      return reply.code(status).send({ error: status >= 500 ? 'internal error' : error.message });
    }
    // Framework-level rejections (body too large, broken framing) on Apple's paths.
    return sendAppleError(
      reply,
      status,
      status === 413
        ? 'REQUEST_ENTITY_TOO_LARGE'
        : status >= 500
          ? 'INTERNAL_SERVER_ERROR'
          : 'MALFORMED_REQUEST_BODY',
    );
  });

  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    const methods = appleMethods.get(path);
    if (methods !== undefined) {
      return reply
        .code(405)
        .header('allow', [...methods].sort().join(', '))
        .send('');
    }
    if (path.startsWith(ADMIN_PREFIX)) return reply.code(404).send({ error: 'no such route' });
    return sendAppleError(reply, 404, 'NOT_FOUND');
  });

  installControlPlane(app, ctx, options.adminToken, options.control);
  registerAppleRoutes(app, ctx);
  app.register(async (scope) => registerAdminRoutes(scope, ctx, options.adminToken), {
    prefix: ADMIN_PREFIX,
  });
  return app;
}
