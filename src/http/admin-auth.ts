import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares digests, so neither the token's length nor its content leaks through timing. */
export function bearerMatches(header: string | undefined, adminToken: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(adminToken));
}

/** Every route of `scope` needs the admin bearer token: 401 JSON otherwise. */
export function requireAdminToken(scope: FastifyInstance, adminToken: string): void {
  scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (bearerMatches(request.headers.authorization, adminToken)) return undefined;
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="opendep"')
      .send({ error: 'admin bearer token required' });
  });
}

/**
 * Bodies reach routes as text (the app parses nothing itself); the control plane's are JSON
 * objects, parsed before Fastify validates them against the route's schema.
 */
export function parseJsonBodies(scope: FastifyInstance): void {
  scope.addHook('preValidation', async (request, reply) => {
    if (typeof request.body !== 'string') return undefined;
    if (request.body.trim() === '') {
      request.body = {};
      return undefined;
    }
    try {
      request.body = JSON.parse(request.body) as unknown;
      return undefined;
    } catch {
      return reply.code(400).send({ error: 'the body is not valid JSON' });
    }
  });
  // Answers are plain JSON: the response schemas describe them, they do not filter them.
  scope.setSerializerCompiler(() => (data) => JSON.stringify(data));
}
