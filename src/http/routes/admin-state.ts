import type { FastifyInstance } from 'fastify';
import type { ControlPlane } from '../../control/control-plane.js';
import type { SnapshotRow, SnapshotSection } from '../../control/snapshot-store.js';
import { exportState, importState, resetState } from '../../control/state-service.js';
import { CONTROL_SCHEMAS } from '../../openapi/control-schemas.js';

/** The largest state snapshot an import takes: far above the default body limit. */
const STATE_IMPORT_BODY_LIMIT = 256 * 1024 * 1024;

/** Whole-state export, import and reset, for reproducible fixtures. */
export function registerStateRoutes(app: FastifyInstance, plane: ControlPlane): void {
  app.get('/state', { schema: CONTROL_SCHEMAS.exportState }, async () => exportState(plane));

  app.put(
    '/state',
    { schema: CONTROL_SCHEMAS.importState, bodyLimit: STATE_IMPORT_BODY_LIMIT },
    async (request, reply) => {
      const body = request.body as { tables: Partial<Record<SnapshotSection, SnapshotRow[]>> };
      await importState(plane, body);
      return reply.code(204).send();
    },
  );

  app.post('/state/reset', { schema: CONTROL_SCHEMAS.resetState }, async (request) => {
    const body = request.body as { to?: 'empty' | 'seed' };
    return resetState(plane, body.to ?? 'seed');
  });
}
