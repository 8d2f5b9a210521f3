import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import type { ServiceContext } from '../../services/context.js';
import {
  assignProfile,
  defineProfile,
  getProfile,
  removeProfile,
} from '../../services/profile-service.js';
import { createSession } from '../../services/session-service.js';
import { callerOf, identifyCaller } from '../apple-auth.js';
import { sendAppleJson } from '../apple-reply.js';
import { readJson, readJsonObject } from '../json-body.js';
import { registerDeviceRoutes } from './device-routes.js';

/** Apple's endpoints, at Apple's paths. */
export function registerAppleRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.get('/session', async (request, reply) => {
    const url = `${request.protocol}://${request.host}${request.url}`;
    const { token, server } = await createSession(ctx, {
      method: request.method,
      url,
      authorization: request.headers.authorization,
    });
    request.log = request.log.child({ server_uuid: server.server_uuid });
    return sendAppleJson(reply, { auth_session_token: token });
  });

  app.register(async (scope) => {
    scope.decorateRequest('appleCaller', null);
    scope.addHook('preHandler', async (request) => {
      request.appleCaller = await identifyCaller(ctx, request);
    });

    scope.post('/profile', async (request, reply) => {
      const { server, protocolVersion } = callerOf(request);
      const result = await defineProfile(ctx, server, readJson(request.body), protocolVersion);
      return sendAppleJson(reply, result);
    });

    scope.get('/profile', async (request, reply) => {
      const query = request.query as Record<string, string | string[] | undefined>;
      const raw = query.profile_uuid;
      const profile = await getProfile(
        ctx,
        callerOf(request).server,
        Array.isArray(raw) ? raw[0] : raw,
      );
      return sendAppleJson(reply, profile);
    });

    // Apple documents POST; PUT is what the legacy docs and most clients still send.
    const assign: RouteHandlerMethod = async (request, reply) => {
      const { server, protocolVersion } = callerOf(request);
      const body = readJsonObject(request.body);
      return sendAppleJson(reply, await assignProfile(ctx, server, body, protocolVersion));
    };
    scope.post('/profile/devices', assign);
    scope.put('/profile/devices', assign);

    scope.delete('/profile/devices', async (request, reply) => {
      const result = await removeProfile(
        ctx,
        callerOf(request).server,
        readJsonObject(request.body),
      );
      return sendAppleJson(reply, result);
    });

    registerDeviceRoutes(scope, ctx);
  });
}
