import type { FastifyInstance } from 'fastify';
import { changed, type ControlPlane } from '../../control/control-plane.js';
import type { ErrorStyle } from '../../control/control-store.js';
import { controlId } from '../../control/ids.js';
import { parseDurationSeconds } from '../../domain/duration.js';
import type { CursorQuirk, QuirkEndpoint } from '../../faults/cursor-quirk.js';
import type {
  DeviceOperation,
  DeviceOutcomeRule,
  ForcedOutcomeName,
} from '../../faults/device-outcome-rule.js';
import { CONTROL_SCHEMAS } from '../../openapi/control-schemas.js';
import { AdminError } from '../../services/admin-service.js';

interface OutcomeBody {
  serials: string[];
  outcome: ForcedOutcomeName;
  operations?: DeviceOperation[];
  calls?: number;
  duration?: number | string;
  retry_after?: number;
}

/** Apple's remove answer has no THROTTLED: a throttled mark covers define and assign. */
function operationsOf(body: OutcomeBody): DeviceOperation[] {
  const fallback: DeviceOperation[] =
    body.outcome === 'THROTTLED' ? ['define', 'assign'] : ['define', 'assign', 'remove'];
  const operations = [...new Set(body.operations ?? fallback)];
  if (body.outcome === 'THROTTLED' && operations.includes('remove')) {
    throw new AdminError(400, 'THROTTLED applies to define and assign only');
  }
  return operations;
}

function expiryOf(duration: number | string | undefined, now: number): number | null {
  if (duration === undefined) return null;
  const seconds = typeof duration === 'number' ? duration : parseDurationSeconds(duration);
  if (seconds === undefined || !(seconds > 0)) {
    throw new AdminError(400, 'duration must be a positive number of seconds or like "1d"');
  }
  return now + Math.round(seconds * 1000);
}

function outcomeJson(rule: DeviceOutcomeRule): Record<string, unknown> {
  return {
    id: rule.id,
    serial: rule.serial,
    outcome: rule.outcome,
    operations: rule.operations,
    retry_after: rule.retryAfterSeconds,
    calls_left: rule.remaining,
    expires_at: rule.expiresAt === null ? null : new Date(rule.expiresAt).toISOString(),
  };
}

function quirkJson(quirk: CursorQuirk): Record<string, unknown> {
  return {
    id: quirk.id,
    server_uuid: quirk.serverUuid,
    endpoint: quirk.endpoint,
    pages_left: quirk.remaining,
  };
}

/** Per-device outcomes, cursor quirks, and the error-style / move-journaling switches. */
export function registerDeviceFaultRoutes(app: FastifyInstance, plane: ControlPlane): void {
  const store = plane.store;

  app.get('/device-outcomes', { schema: CONTROL_SCHEMAS.listDeviceOutcomes }, async () => ({
    outcomes: plane.cache.current.deviceOutcomes.map(outcomeJson),
  }));

  app.post(
    '/device-outcomes',
    { schema: CONTROL_SCHEMAS.addDeviceOutcomes },
    async (request, reply) => {
      const body = request.body as OutcomeBody;
      const now = plane.clock.now().getTime();
      const operations = operationsOf(body);
      const expiresAt = expiryOf(body.duration, now);
      const rules: DeviceOutcomeRule[] = [...new Set(body.serials)].map((serial) => ({
        id: controlId('dev'),
        serial,
        outcome: body.outcome,
        operations,
        retryAfterSeconds: body.retry_after ?? null,
        remaining: body.calls ?? null,
        expiresAt,
        createdAt: now,
      }));
      for (const rule of rules) await store.marks.addOutcome(rule);
      await changed(plane);
      return reply.code(201).send({ outcomes: rules.map(outcomeJson) });
    },
  );

  app.delete(
    '/device-outcomes',
    { schema: CONTROL_SCHEMAS.clearDeviceOutcomes },
    async (request, reply) => {
      const { serial } = request.query as { serial?: string };
      await store.marks.clearOutcomes(serial === undefined ? {} : { serial });
      await changed(plane);
      return reply.code(204).send();
    },
  );

  app.delete(
    '/device-outcomes/:id',
    { schema: CONTROL_SCHEMAS.removeDeviceOutcome },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      await store.marks.clearOutcomes({ id });
      await changed(plane);
      return reply.code(204).send();
    },
  );

  app.get('/cursor-quirks', { schema: CONTROL_SCHEMAS.listCursorQuirks }, async () => ({
    quirks: plane.cache.current.cursorQuirks.map(quirkJson),
  }));

  app.post('/cursor-quirks', { schema: CONTROL_SCHEMAS.addCursorQuirk }, async (request, reply) => {
    const body = request.body as { server_uuid?: string; endpoint?: QuirkEndpoint; pages?: number };
    if (
      body.server_uuid !== undefined &&
      (await plane.ctx.storage.repo.getServer(body.server_uuid)) === undefined
    ) {
      throw new AdminError(404, `no MDM server ${body.server_uuid}`);
    }
    const quirk: CursorQuirk = {
      id: controlId('cur'),
      serverUuid: body.server_uuid ?? null,
      endpoint: body.endpoint ?? 'both',
      remaining: body.pages ?? null,
      createdAt: plane.clock.now().getTime(),
    };
    await store.marks.addQuirk(quirk);
    await changed(plane);
    return reply.code(201).send(quirkJson(quirk));
  });

  app.delete('/cursor-quirks', { schema: CONTROL_SCHEMAS.clearCursorQuirks }, async (_r, reply) => {
    await store.marks.clearQuirks();
    await changed(plane);
    return reply.code(204).send();
  });

  app.delete(
    '/cursor-quirks/:id',
    { schema: CONTROL_SCHEMAS.removeCursorQuirk },
    async (request, reply) => {
      await store.marks.clearQuirks((request.params as { id: string }).id);
      await changed(plane);
      return reply.code(204).send();
    },
  );

  const settings = () => ({
    error_style: plane.cache.current.errorStyle,
    apple_moves: plane.cache.current.appleMoves,
  });

  app.get('/settings', { schema: CONTROL_SCHEMAS.getSettings }, async () => settings());

  app.patch('/settings', { schema: CONTROL_SCHEMAS.setSettings }, async (request) => {
    const body = request.body as { error_style?: ErrorStyle; apple_moves?: boolean };
    if (body.error_style !== undefined || body.apple_moves !== undefined) {
      await store.setSettings({
        ...(body.error_style === undefined ? {} : { errorStyle: body.error_style }),
        ...(body.apple_moves === undefined ? {} : { appleMoves: body.apple_moves }),
      });
      await changed(plane);
    }
    return settings();
  });
}
