import type { FastifyReply, FastifyRequest } from 'fastify';
import { quirkFor, stuckPage, type DevicePage } from '../faults/cursor-quirk.js';
import { pathOf } from '../http/url-path.js';
import type { ControlPlane } from './control-plane.js';

const ENDPOINTS: Readonly<Record<string, 'fetch' | 'sync'>> = {
  '/server/devices': 'fetch',
  '/devices/sync': 'sync',
};

function requestCursor(body: unknown): string | undefined {
  if (typeof body !== 'string' || body.trim() === '') return undefined;
  try {
    const cursor = (JSON.parse(body) as { cursor?: unknown }).cursor;
    return typeof cursor === 'string' && cursor !== '' ? cursor : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A successful fetch or sync page as a cursor quirk serves it: the cursor that came in,
 * with more to follow. The page itself is the one the cursor asked for, so the client sees
 * the same page again and again. Undefined when no quirk applies.
 */
export async function quirkedPage(
  plane: ControlPlane,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<string | undefined> {
  const quirks = plane.cache.current.cursorQuirks;
  if (quirks.length === 0 || reply.statusCode !== 200 || typeof payload !== 'string') {
    return undefined;
  }
  const endpoint = ENDPOINTS[pathOf(request.url)];
  const server = request.appleCaller?.server.server_uuid;
  if (endpoint === undefined || server === undefined || request.method !== 'POST') return undefined;
  const quirk = quirkFor(quirks, server, endpoint);
  if (quirk === undefined) return undefined;
  if (quirk.remaining !== null && !(await plane.store.marks.consumeQuirk(quirk.id))) {
    return undefined;
  }
  if (quirk.remaining !== null) await plane.cache.refresh();
  const page = JSON.parse(payload) as DevicePage;
  return JSON.stringify(stuckPage(page, requestCursor(request.body)));
}
