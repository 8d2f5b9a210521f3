import { pathOf } from './url-path.js';
import {
  LogController,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';

export type LogDestination = 'stdout' | 'stderr';

/**
 * One JSON line per request, at completion, with the request id. Only the fields named
 * here are logged, never headers or the query: no OAuth signature or session token leaks.
 */
export class RequestLineController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      method: request.method,
      path: pathOf(request.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      server_uuid: request.appleCaller?.server.server_uuid,
    };
    if (!error) reply.log.info(line, 'request');
    else reply.log.error({ ...line, err: error }, 'request failed');
  }
}

export function loggerOptions(destination: LogDestination): FastifyServerOptions['logger'] {
  return {
    level: process.env.OPENDEP_LOG_LEVEL ?? 'info',
    ...(destination === 'stderr' ? { stream: process.stderr } : {}),
  };
}
