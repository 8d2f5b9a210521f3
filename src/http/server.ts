import Fastify, { type FastifyInstance } from 'fastify';
import type { ControlOptions } from '../control/control-plane.js';
import { installControlPlane } from '../control/install.js';
import type { ServiceContext } from '../services/context.js';
import { sendAppleError } from './apple-reply.js';
import { ADMIN_PREFIX, clientErrorHandler, handleBadUrl, handleError } from './error-replies.js';
import { decodedPathOf } from './url-path.js';
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

/**
 * The largest body by default: Apple's paths and most of the control plane. 4 MiB holds
 * some 200,000 serials, 200 times Apple's guidance of 1000 per call. Routes that need more
 * say so (`PUT /_opendep/state`, src/http/routes/admin-state.ts).
 */
export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;

/** The whole HTTP surface: Apple's endpoints and our control plane. */
export function buildApp(ctx: ServiceContext, options: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: options.log === false ? false : loggerOptions(options.log),
    logController: new RequestLineController(),
    exposeHeadRoutes: false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    return503OnClosing: true,
    // Shutdown drains connections itself (src/serve/graceful-close.ts).
    forceCloseConnections: false,
    clientErrorHandler,
    frameworkErrors: handleBadUrl,
  });
  // Who called, once known: set by /session and by the session check of the other routes.
  app.decorateRequest('appleCaller', null);

  // Bodies arrive as text whatever their content type; handlers parse them, so a broken
  // body becomes Apple's MALFORMED_REQUEST_BODY rather than a framework error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });

  // Methods of every static route, so a known path called with another method is 405.
  const routeMethods = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const known = routeMethods.get(route.url) ?? new Set<string>();
    for (const method of methods) known.add(method);
    routeMethods.set(route.url, known);
  });

  app.setErrorHandler(handleError);

  app.setNotFoundHandler((request, reply) => {
    const path = decodedPathOf(request.url);
    const isAdmin = path.startsWith(ADMIN_PREFIX);
    const methods = routeMethods.get(path);
    if (methods !== undefined) {
      reply.code(405).header('allow', [...methods].sort().join(', '));
      // Apple answers 405 with an empty body; ours says what is allowed.
      return isAdmin ? reply.send({ error: `use ${[...methods].join(' or ')}` }) : reply.send('');
    }
    if (isAdmin) return reply.code(404).send({ error: 'no such route' });
    return sendAppleError(reply, 404, 'NOT_FOUND');
  });

  installControlPlane(app, ctx, options.adminToken, options.control);
  registerAppleRoutes(app, ctx);
  app.register(async (scope) => registerAdminRoutes(scope, ctx, options.adminToken), {
    prefix: ADMIN_PREFIX,
  });
  return app;
}
