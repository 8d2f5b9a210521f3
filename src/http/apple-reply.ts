import type { FastifyReply } from 'fastify';

/** Apple labels its JSON like this (`UTF8`, no hyphen); clients accept it. */
export const APPLE_JSON = 'application/json;charset=UTF8';
export const APPLE_TEXT = 'text/plain;charset=UTF8';

export function sendAppleJson(reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  return reply.code(status).header('content-type', APPLE_JSON).send(JSON.stringify(body));
}

/** An Apple error: the status and the bare code as the whole body. */
export function sendAppleError(reply: FastifyReply, status: number, code: string): FastifyReply {
  return reply.code(status).header('content-type', APPLE_TEXT).send(code);
}
