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
    request.appleCaller = { server, protocolVersion: ctx.settings.defaultProtocolVersion };
    return sendAppleJson(reply, { auth_session_token: token });
  });

  app.register(async (scope) => {
    // On request, before the body is read: a caller without a valid session learns that
    // first, even when the body is also too large or of a broken content type.
    scope.addHook('onRequest', async (request) => {
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
      const { server, protocolVersion } = callerOf(request);
      const uuid = Array.isArray(raw) ? raw[0] : raw;
      const profile = await getProfile(ctx, server, uuid, protocolVersion);
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
