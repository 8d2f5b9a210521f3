import type { FastifyInstance } from 'fastify';
import type { ControlPlane } from '../../control/control-plane.js';
import { logEntryJson, type LogFilter } from '../../control/request-log-query.js';
import { CONTROL_SCHEMAS } from '../../openapi/control-schemas.js';
import { AdminError } from '../../services/admin-service.js';

interface LogQuery {
  path?: string;
  method?: string;
  server?: string;
  status?: string;
  since?: string;
  since_id?: number;
  limit?: number;
}

function filterOf(query: LogQuery): LogFilter {
  const sinceMs = query.since === undefined ? undefined : Date.parse(query.since);
  if (sinceMs !== undefined && Number.isNaN(sinceMs)) {
    throw new AdminError(400, 'since must be an ISO-8601 date-time');
  }
  return {
    ...(query.path === undefined ? {} : { path: query.path }),
    ...(query.method === undefined ? {} : { method: query.method }),
    ...(query.server === undefined ? {} : { server: query.server }),
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.since_id === undefined ? {} : { sinceId: query.since_id }),
    ...(sinceMs === undefined ? {} : { sinceMs }),
    ...(query.limit === undefined ? {} : { limit: query.limit }),
  };
}

/** The request log of this instance: query, clear, resize, bodies on or off. */
export function registerLogRoutes(app: FastifyInstance, plane: ControlPlane): void {
  const log = plane.log;
  const summary = () => ({ last_id: log.lastId, size: log.size, bodies: log.bodies });

  app.get('/log', { schema: CONTROL_SCHEMAS.queryLog }, async (request) => ({
    entries: log.query(filterOf(request.query as LogQuery)).map(logEntryJson),
    ...summary(),
  }));

  app.delete('/log', { schema: CONTROL_SCHEMAS.clearLog }, async (_request, reply) => {
    log.clear();
    return reply.code(204).send();
  });

  app.patch('/log', { schema: CONTROL_SCHEMAS.configureLog }, async (request) => {
    const body = request.body as { size?: number; bodies?: boolean };
    if (body.size !== undefined) log.resize(body.size);
    if (body.bodies !== undefined) log.bodies = body.bodies;
    return summary();
  });
}
