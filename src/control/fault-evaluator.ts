import type { FastifyRequest } from 'fastify';
import { pathOf } from '../http/url-path.js';
import {
  criteriaMatch,
  drawFires,
  faultHeaders,
  lineMatches,
  serialsOfRequest,
  type FaultRule,
} from '../faults/fault-rule.js';
import { seededDraw } from '../faults/seeded-draw.js';
import type { ServiceContext } from '../services/context.js';
import { issueSession } from '../services/session-service.js';
import type { MdmServer } from '../storage/repository.js';
import type { ControlCache } from './control-cache.js';
import type { ControlStore } from './control-store.js';
import { serverOfRequest } from './request-server.js';

/** A rule that fired: what to answer. */
export interface FiredFault {
  rule: FaultRule;
  headers: Record<string, string>;
}

/**
 * Decides whether a fault rule answers a request to Apple's paths. With no rule on the
 * request line, it returns at once without touching storage.
 */
export async function evaluateFaults(
  ctx: ServiceContext,
  cache: ControlCache,
  store: ControlStore,
  request: FastifyRequest,
): Promise<FiredFault | undefined> {
  const rules = cache.current.rules;
  if (rules.length === 0) return undefined;
  const target = { method: request.method, path: pathOf(request.url) };
  const candidates = rules.filter((rule) => !cache.isSpent(rule.id) && lineMatches(rule, target));
  if (candidates.length === 0) return undefined;

  let server: Promise<MdmServer | undefined> | undefined;
  const caller = (): Promise<MdmServer | undefined> => (server ??= serverOfRequest(ctx, request));
  let serials: string[] | undefined;
  for (const rule of candidates) {
    const serverUuid = rule.serverUuid === null ? undefined : (await caller())?.server_uuid;
    if (rule.serial !== null) serials ??= serialsOfRequest(request.body, request.query);
    if (!criteriaMatch(rule, serverUuid, serials ?? [])) continue;

    if (rule.probability !== null) {
      const position = await store.rules.nextDraw(rule.id);
      if (position === undefined || !drawFires(rule, seededDraw(rule.seed, position))) continue;
    }
    if (!(await store.rules.consume(rule.id, rule.remaining !== null))) {
      cache.markSpent(rule.id);
      continue;
    }

    const headers = faultHeaders(rule);
    const sessionServer = rule.newSession ? await caller() : undefined;
    if (sessionServer !== undefined) {
      headers['x-adm-auth-session'] = await issueSession(ctx, sessionServer);
    }
    return { rule, headers };
  }
  return undefined;
}
