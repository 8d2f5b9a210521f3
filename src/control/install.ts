import type { FastifyInstance, RouteOptions } from 'fastify';
import type { ServiceContext } from '../services/context.js';
import { parseJsonBodies, requireAdminToken } from '../http/admin-auth.js';
import { registerClockRoutes } from '../http/routes/admin-clock.js';
import { registerDeviceFaultRoutes } from '../http/routes/admin-device-faults.js';
import { registerFaultRoutes } from '../http/routes/admin-faults.js';
import { registerLogRoutes } from '../http/routes/admin-log.js';
import { registerOpenApiRoute } from '../http/routes/admin-openapi.js';
import { registerStateRoutes } from '../http/routes/admin-state.js';
import { appleEndpoint, appleRouteSchema } from '../openapi/apple-endpoints.js';
import { accountGateOf } from './account-gate.js';
import { addAppleHooks } from './apple-hooks.js';
import { controlHooksOf } from './control-hooks.js';
import { ControlCache } from './control-cache.js';
import {
  CONTROL_PREFIX,
  DEFAULT_CONTROL_OPTIONS,
  isApplePath,
  type ControlOptions,
  type ControlPlane,
} from './control-plane.js';
import { ControlledClock } from './controlled-clock.js';
import { RequestLog } from './request-log.js';

const passThrough = () => () => true;
const plainJson = () => (data: unknown) => JSON.stringify(data);

/**
 * Apple's routes carry their schema for the OpenAPI document, but never reject with it:
 * Apple's own codes come from the domain validators.
 */
function describeRoute(route: RouteOptions, plane: ControlPlane): void {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (isApplePath(route.url)) {
    const endpoint = appleEndpoint(methods[0] ?? 'GET', route.url);
    if (endpoint !== undefined && route.schema === undefined) {
      route.schema = appleRouteSchema(endpoint);
    }
    route.validatorCompiler = passThrough;
    route.serializerCompiler = plainJson;
  }
  for (const method of methods) {
    plane.routes.push({
      method,
      url: route.url,
      schema: route.schema as Record<string, unknown> | undefined,
    });
  }
}

/**
 * The control plane: the emulator's clock and account gate in `ctx`, the hooks on every
 * request, and the routes under /_opendep/. Call before any route is registered.
 */
export function installControlPlane(
  app: FastifyInstance,
  ctx: ServiceContext,
  adminToken: string,
  options: ControlOptions = DEFAULT_CONTROL_OPTIONS,
): ControlPlane {
  const store = ctx.storage.control;
  const clock = ctx.clock instanceof ControlledClock ? ctx.clock : new ControlledClock(ctx.clock);
  ctx.clock = clock;
  ctx.baseClock = clock.base;
  const cache = new ControlCache(store, clock);
  ctx.accountGate = accountGateOf(cache);
  const plane: ControlPlane = {
    ctx,
    store,
    cache,
    clock,
    log: new RequestLog(options.requestLogSize, options.requestLogBodies),
    options,
    routes: [],
  };
  ctx.controls = controlHooksOf(plane);

  app.addHook('onRoute', (route) => describeRoute(route, plane));
  app.addHook('onReady', async () => {
    if (!options.keepFaults) await store.reset(options.errorStyle);
    await cache.refresh();
  });
  addAppleHooks(app, plane);

  app.register(
    async (scope) => {
      registerOpenApiRoute(scope, plane);
      scope.register(async (guarded) => {
        requireAdminToken(guarded, adminToken);
        parseJsonBodies(guarded);
        registerFaultRoutes(guarded, plane);
        registerDeviceFaultRoutes(guarded, plane);
        registerClockRoutes(guarded, plane);
        registerLogRoutes(guarded, plane);
        registerStateRoutes(guarded, plane);
      });
    },
    { prefix: CONTROL_PREFIX },
  );
  return plane;
}
