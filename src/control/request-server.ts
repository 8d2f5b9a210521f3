import type { FastifyRequest } from 'fastify';
import { parseOAuthAuthorization } from '../domain/oauth/authorization-header.js';
import type { ServiceContext } from '../services/context.js';
import { sessionDigest } from '../services/session-service.js';
import type { MdmServer } from '../storage/repository.js';
import { pathOf } from '../http/url-path.js';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Which MDM server a request to Apple's paths comes from, before any check has run: by the
 * consumer key of a /session request, by the session of any other. Whether the request
 * would pass those checks does not matter here.
 */
export async function serverOfRequest(
  ctx: ServiceContext,
  request: FastifyRequest,
): Promise<MdmServer | undefined> {
  if (request.appleCaller) return request.appleCaller.server;
  if (pathOf(request.url) === '/session') {
    const authorization = header(request, 'authorization');
    if (authorization === undefined) return undefined;
    const parsed = parseOAuthAuthorization(authorization);
    const key = 'params' in parsed ? parsed.params.oauth_consumer_key : undefined;
    return key === undefined ? undefined : ctx.storage.repo.findServerByConsumerKey(key);
  }
  const token = header(request, 'x-adm-auth-session');
  if (token === undefined || token === '') return undefined;
  const session = await ctx.storage.repo.getSession(sessionDigest(token));
  return session === undefined ? undefined : ctx.storage.repo.getServer(session.server_uuid);
}
