import type { FastifyRequest } from 'fastify';
import { AdminError } from '../services/admin-service.js';

/**
 * A control-plane body as a JSON object (an empty body is `{}`), for routes that read it
 * themselves rather than through a schema: 400 JSON errors otherwise.
 */
export function adminObjectBody(request: FastifyRequest): Record<string, unknown> {
  const raw = request.body;
  if (typeof raw !== 'string' || raw.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new AdminError(400, 'the body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AdminError(400, 'the body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
