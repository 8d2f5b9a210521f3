import type { FastifyRequest } from 'fastify';
import { readProtocolVersion } from '../domain/protocol-version.js';
import { checkUserAgent } from '../domain/user-agent.js';
import { AppleError } from '../errors/apple-codes.js';
import type { ServiceContext } from '../services/context.js';
import { authenticateSession } from '../services/session-service.js';
import type { MdmServer } from '../storage/repository.js';

/** Who is calling an Apple endpoint, established before the handler runs. */
export interface AppleCaller {
  server: MdmServer;
  protocolVersion: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    appleCaller: AppleCaller | null;
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The checks every Apple endpoint but /session makes, in this order: the session
 * (403 FORBIDDEN / 401 UNAUTHORIZED), then the User-Agent (400 USER_AGENT_*). The
 * protocol version is read last and never rejects.
 */
export async function identifyCaller(
  ctx: ServiceContext,
  request: FastifyRequest,
): Promise<AppleCaller> {
  const server = await authenticateSession(ctx, header(request, 'x-adm-auth-session'));
  const verdict = checkUserAgent(header(request, 'user-agent'), ctx.settings.userAgentDenyList);
  if (verdict !== 'ok') throw new AppleError(verdict);
  const protocolVersion = readProtocolVersion(
    header(request, 'x-server-protocol-version'),
    ctx.settings.defaultProtocolVersion,
  );
  return { server, protocolVersion };
}

/** The caller of a route behind `identifyCaller`; a wiring mistake if absent. */
export function callerOf(request: FastifyRequest): AppleCaller {
  if (request.appleCaller === null) throw new Error('Apple route reached without a caller');
  return request.appleCaller;
}
