import type { FastifyInstance } from 'fastify';
import { adminObjectBody } from '../admin-body.js';
import { requireAdminToken } from '../admin-auth.js';
import { deviceRecord } from '../../domain/device-record.js';
import { validateNewDevices } from '../../domain/new-device.js';
import { normaliseAppleUuid } from '../../domain/ids.js';
import {
  AdminError,
  addDevices,
  createServer,
  createServerWithCertificate,
  tokenOf,
} from '../../services/admin-service.js';
import type { ServiceContext } from '../../services/context.js';
import { registerAdminDeviceRoutes } from './admin-device-routes.js';

function optionalString(value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value === '') {
    throw new AdminError(400, `${name} must be a non-empty string`);
  }
  return value;
}

/** An MDM server UUID as given, in Apple's spelling (upper case, no dashes), or null. */
function serverUuidOf(value: unknown): string | null {
  const given = optionalString(value, 'server_uuid');
  return given === null ? null : normaliseAppleUuid(given);
}

/** Our control plane: JSON in and out, admin bearer token on everything but health. */
export function registerAdminRoutes(
  app: FastifyInstance,
  ctx: ServiceContext,
  adminToken: string,
): void {
  app.get('/health', async () => ({ status: 'ok' }));

  app.register(async (scope) => {
    requireAdminToken(scope, adminToken);

    scope.post('/servers', async (request, reply) => {
      const body = adminObjectBody(request);
      // With a certificate, the token also comes as the .p7m Apple's portal hands out.
      if (body.certificate !== undefined && body.certificate !== null) {
        const created = await createServerWithCertificate(ctx, body.server_name, body.certificate);
        return reply.code(201).send({
          server_uuid: created.server.server_uuid,
          server_name: created.server.server_name,
          token: created.token,
          token_p7m: created.tokenP7m,
        });
      }
      const { server, token } = await createServer(ctx, body.server_name);
      return reply.code(201).send({
        server_uuid: server.server_uuid,
        server_name: server.server_name,
        token,
      });
    });

    scope.get('/servers', async () => {
      const servers = await ctx.storage.repo.listServers();
      return {
        servers: servers.map((server) => ({
          server_uuid: server.server_uuid,
          server_name: server.server_name,
          org_id: server.org_id,
          token: tokenOf(server),
        })),
      };
    });

    scope.post('/devices', async (request, reply) => {
      const body = adminObjectBody(request);
      const serverUuid = serverUuidOf(body.server_uuid);
      const validation = validateNewDevices(body.devices);
      if (!validation.ok) throw new AdminError(400, validation.message);
      const added = await addDevices(ctx, serverUuid, validation.devices);
      return reply.code(201).send({ devices: added.map(deviceRecord) });
    });

    registerAdminDeviceRoutes(scope, ctx);

    scope.get('/devices', async (request) => {
      const query = request.query as Record<string, unknown>;
      const serverUuid = serverUuidOf(query.server_uuid);
      const after = optionalString(query.after, 'after');
      const limit = Math.min(Math.max(Number(query.limit ?? 1000) || 1000, 1), 10000);
      const devices = await ctx.storage.repo.listDevices({
        ...(serverUuid === null ? {} : { serverUuid }),
        ...(after === null ? {} : { after }),
        limit,
      });
      return {
        devices: devices.map((device) => ({
          ...deviceRecord(device),
          server_uuid: device.server_uuid,
        })),
      };
    });
  });
}
