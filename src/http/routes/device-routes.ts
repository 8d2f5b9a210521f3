import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getAccount } from '../../services/account-service.js';
import type { ServiceContext } from '../../services/context.js';
import {
  activationLock,
  deviceDetails,
  disownDevices,
  replacementDetails,
} from '../../services/device-service.js';
import { fetchDevices, syncDevices } from '../../services/device-sync-service.js';
import { callerOf } from '../apple-auth.js';
import { sendAppleJson } from '../apple-reply.js';
import { readJsonObject } from '../json-body.js';

/** Fetch and sync may be called without a body: that is a first fetch, or a missing cursor. */
function bodyOrEmpty(request: FastifyRequest): Record<string, unknown> {
  const raw = request.body;
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    return {};
  }
  return readJsonObject(raw);
}

function queryValue(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The organization's devices: account, fetch and sync, details, disown, Activation Lock,
 * replacement details. Registered inside the authenticated scope of apple-routes.ts.
 */
export function registerDeviceRoutes(scope: FastifyInstance, ctx: ServiceContext): void {
  scope.get('/account', async (request, reply) => {
    const { server, protocolVersion } = callerOf(request);
    return sendAppleJson(reply, await getAccount(ctx, server, protocolVersion));
  });

  scope.post('/server/devices', async (request, reply) => {
    const { server, protocolVersion } = callerOf(request);
    const page = await fetchDevices(ctx, server, bodyOrEmpty(request), protocolVersion);
    return sendAppleJson(reply, page);
  });

  scope.post('/devices/sync', async (request, reply) => {
    const { server, protocolVersion } = callerOf(request);
    const page = await syncDevices(ctx, server, bodyOrEmpty(request), protocolVersion);
    return sendAppleJson(reply, page);
  });

  scope.post('/devices', async (request, reply) => {
    const { server, protocolVersion } = callerOf(request);
    const body = readJsonObject(request.body);
    return sendAppleJson(reply, await deviceDetails(ctx, server, body, protocolVersion));
  });

  scope.post('/devices/disown', async (request, reply) => {
    const { server } = callerOf(request);
    return sendAppleJson(reply, await disownDevices(ctx, server, readJsonObject(request.body)));
  });

  scope.post('/device/activationlock', async (request, reply) => {
    const { server } = callerOf(request);
    return sendAppleJson(reply, await activationLock(ctx, server, readJsonObject(request.body)));
  });

  scope.get('/device/replacementDetails', async (request, reply) => {
    const { server, protocolVersion } = callerOf(request);
    const serial = queryValue(request, 'device');
    return sendAppleJson(reply, await replacementDetails(ctx, server, serial, protocolVersion));
  });
}
