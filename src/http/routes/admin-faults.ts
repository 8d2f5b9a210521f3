import type { FastifyInstance } from 'fastify';
import { changed, type ControlPlane } from '../../control/control-plane.js';
import { controlId } from '../../control/ids.js';
import {
  defaultVariant,
  STATE_VARIANTS,
  type AccountState,
  type AccountStateName,
} from '../../faults/account-state.js';
import { faultRuleJson, parseFaultRule } from '../../faults/fault-rule-input.js';
import { CONTROL_SCHEMAS } from '../../openapi/control-schemas.js';
import { AdminError } from '../../services/admin-service.js';

interface StateBody {
  state: AccountStateName;
  server_uuid?: string;
  org_id?: string;
  variant?: string;
}

async function targetOf(
  plane: ControlPlane,
  ids: { server_uuid?: string; org_id?: string },
): Promise<Pick<AccountState, 'scope' | 'target'>> {
  if ((ids.server_uuid === undefined) === (ids.org_id === undefined)) {
    throw new AdminError(400, 'give exactly one of server_uuid and org_id');
  }
  if (ids.server_uuid !== undefined) {
    if ((await plane.ctx.storage.repo.getServer(ids.server_uuid)) === undefined) {
      throw new AdminError(404, `no MDM server ${ids.server_uuid}`);
    }
    return { scope: 'server', target: ids.server_uuid };
  }
  const orgId = ids.org_id as string;
  if ((await plane.ctx.storage.repo.getOrganization(orgId)) === undefined) {
    throw new AdminError(404, `no organization ${orgId}`);
  }
  return { scope: 'org', target: orgId };
}

/** Fault rules, account and token states, and ending sessions. */
export function registerFaultRoutes(app: FastifyInstance, plane: ControlPlane): void {
  const store = plane.store;

  app.get('/faults', { schema: CONTROL_SCHEMAS.listFaults }, async () => ({
    rules: (await store.rules.list()).map(({ rule, fired }) => faultRuleJson(rule, fired)),
  }));

  app.post('/faults', { schema: CONTROL_SCHEMAS.addFault }, async (request, reply) => {
    const parsed = parseFaultRule(
      request.body as Record<string, unknown>,
      controlId('flt'),
      plane.clock.now().getTime(),
    );
    if (!parsed.ok) throw new AdminError(400, parsed.message);
    await store.rules.add(parsed.value);
    await changed(plane);
    return reply.code(201).send(faultRuleJson(parsed.value, 0));
  });

  app.delete('/faults/:id', { schema: CONTROL_SCHEMAS.removeFault }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!(await store.rules.remove(id))) throw new AdminError(404, `no fault rule ${id}`);
    await changed(plane);
    return reply.code(204).send();
  });

  app.delete('/faults', { schema: CONTROL_SCHEMAS.clearFaults }, async (_request, reply) => {
    await store.rules.clear();
    await changed(plane);
    return reply.code(204).send();
  });

  app.get('/account-states', { schema: CONTROL_SCHEMAS.listAccountStates }, async () => ({
    states: plane.cache.current.accountStates.map((state) => ({
      state: state.state,
      variant: state.variant,
      [state.scope === 'server' ? 'server_uuid' : 'org_id']: state.target,
    })),
  }));

  app.put('/account-states', { schema: CONTROL_SCHEMAS.setAccountState }, async (request) => {
    const body = request.body as StateBody;
    const variant = body.variant ?? defaultVariant(body.state);
    if (!STATE_VARIANTS[body.state].includes(variant)) {
      const allowed = STATE_VARIANTS[body.state].join(', ');
      throw new AdminError(400, `variant of ${body.state} must be one of ${allowed}`);
    }
    const state: AccountState = { ...(await targetOf(plane, body)), state: body.state, variant };
    await store.setAccountState(state, plane.clock.now().getTime());
    await changed(plane);
    return {
      state: state.state,
      variant,
      [`${state.scope === 'server' ? 'server_uuid' : 'org_id'}`]: state.target,
    };
  });

  app.delete(
    '/account-states',
    { schema: CONTROL_SCHEMAS.clearAccountStates },
    async (request, reply) => {
      const query = request.query as { state?: string; server_uuid?: string; org_id?: string };
      await store.clearAccountStates({
        ...(query.state === undefined ? {} : { state: query.state }),
        ...(query.server_uuid === undefined ? {} : { scope: 'server', target: query.server_uuid }),
        ...(query.org_id === undefined ? {} : { scope: 'org', target: query.org_id }),
      });
      await changed(plane);
      return reply.code(204).send();
    },
  );

  app.post(
    '/sessions/invalidate',
    { schema: CONTROL_SCHEMAS.invalidateSessions },
    async (request) => {
      const body = request.body as { server_uuid: string; how?: 'expire' | 'forget' };
      await targetOf(plane, { server_uuid: body.server_uuid });
      const sessions = await store.endSessions(
        body.server_uuid,
        body.how ?? 'forget',
        plane.clock.now().getTime(),
      );
      return { sessions };
    },
  );
}
