import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseStrictDateTime } from '../../domain/clock.js';
import { adminObjectBody } from '../admin-body.js';
import { normaliseAppleUuid } from '../../domain/ids.js';
import { AdminError } from '../../services/admin-service.js';
import type { ServiceContext } from '../../services/context.js';
import {
  activateDevice,
  moveDevices,
  replaceDevice,
  type MoveRequest,
} from '../../services/device-admin-service.js';
import { generateDevices } from '../../services/device-generation-service.js';

/** `server_uuid` must be present: a server's UUID, or null for "no MDM server". */
function targetServer(body: Record<string, unknown>): string | null {
  const value = body.server_uuid;
  if (value === null) return null;
  if (typeof value !== 'string' || value === '') {
    throw new AdminError(400, 'server_uuid must be an MDM server UUID, or null for none');
  }
  return normaliseAppleUuid(value);
}

function readMove(body: Record<string, unknown>): MoveRequest {
  const serials = body.serials;
  if (!Array.isArray(serials) || serials.length === 0) {
    throw new AdminError(400, 'serials must be a non-empty array of serial numbers');
  }
  if (!serials.every((serial): serial is string => typeof serial === 'string')) {
    throw new AdminError(400, 'serials must hold strings only');
  }
  const serverUuid = targetServer(body);
  const deadline = body.mdm_migration_deadline;
  if (deadline === undefined || deadline === null) {
    return { serials, serverUuid, migrationDeadline: null };
  }
  const parsed = typeof deadline === 'string' ? parseStrictDateTime(deadline) : undefined;
  if (parsed === undefined) {
    throw new AdminError(
      400,
      'mdm_migration_deadline must be an ISO 8601 date-time that exists, e.g. 2030-01-31T00:00:00Z',
    );
  }
  if (serverUuid === null) {
    throw new AdminError(400, 'mdm_migration_deadline needs a server_uuid to migrate to');
  }
  return { serials, serverUuid, migrationDeadline: parsed };
}

function serialParam(request: FastifyRequest): string {
  return (request.params as { serial: string }).serial;
}

/**
 * What the portal and the devices themselves do: move devices between MDM servers,
 * activate a device, replace one under AppleCare, generate many. Registered inside the
 * admin-token scope of admin-routes.ts.
 */
export function registerAdminDeviceRoutes(scope: FastifyInstance, ctx: ServiceContext): void {
  scope.post('/devices/move', async (request) => {
    const move = readMove(adminObjectBody(request));
    return { server_uuid: move.serverUuid, devices: await moveDevices(ctx, move) };
  });

  scope.post('/devices/:serial/activate', async (request) =>
    activateDevice(ctx, serialParam(request)),
  );

  scope.post('/devices/:serial/replace', async (request, reply) => {
    const body = adminObjectBody(request);
    const replacement = await replaceDevice(ctx, serialParam(request), body.replacement_serial);
    return reply.code(201).send(replacement);
  });

  scope.post('/devices/generate', async (request, reply) => {
    const body = adminObjectBody(request);
    const serverUuid = body.server_uuid === undefined ? null : targetServer(body);
    return reply.code(201).send(await generateDevices(ctx, serverUuid, body.count));
  });
}
