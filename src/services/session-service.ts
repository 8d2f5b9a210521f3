import { createHash } from 'node:crypto';
import { randomHex } from '../domain/ids.js';
import { parseOAuthAuthorization } from '../domain/oauth/authorization-header.js';
import {
  checkOAuthParameters,
  expectedSignature,
  signaturesEqual,
  timestampIsFresh,
} from '../domain/oauth/verify.js';
import { AppleError } from '../errors/apple-codes.js';
import type { MdmServer } from '../storage/repository.js';
import type { ServiceContext } from './context.js';

/** What `GET /session` was called with; `url` is the absolute URL the client used. */
export interface SessionRequest {
  method: string;
  url: string;
  authorization: string | undefined;
}

/** Sessions are stored by digest, so the database never holds a usable token. */
export function sessionDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Apple's recent tokens: creation time in epoch ms, then `O`-separated upper-case hex. */
function newSessionToken(now: number): string {
  return `${now}O${randomHex(4)}O${randomHex(24)}`;
}

/**
 * Verifies an OAuth 1.0a HMAC-SHA1 signed `GET /session` and mints a session.
 * 400 for a malformed OAuth request, 401 for anything that fails authentication.
 */
export async function createSession(
  ctx: ServiceContext,
  request: SessionRequest,
): Promise<{ token: string; server: MdmServer }> {
  if (request.authorization === undefined) throw new AppleError('UNAUTHORIZED');
  const parsed = parseOAuthAuthorization(request.authorization);
  if ('error' in parsed) {
    throw new AppleError(parsed.error === 'missing' ? 'UNAUTHORIZED' : 'BAD_REQUEST');
  }

  // Apple's realm is ADM. Many OAuth libraries leave the realm out, and it is not signed,
  // so an absent realm is accepted; a different one is a request meant for someone else.
  if (parsed.realm !== undefined && parsed.realm !== 'ADM') throw new AppleError('BAD_REQUEST');

  const params = parsed.params;
  if (!checkOAuthParameters(params).ok) throw new AppleError('BAD_REQUEST');

  const now = ctx.clock.now();
  const window = ctx.settings.oauthWindowSeconds;
  const timestamp = params.oauth_timestamp ?? '';
  // A client on real time stays welcome while the control plane has moved the clock.
  const real = ctx.baseClock?.now();
  const fresh =
    timestampIsFresh(timestamp, now, window) ||
    (real !== undefined && timestampIsFresh(timestamp, real, window));
  if (!fresh) throw new AppleError('UNAUTHORIZED');

  const server = await ctx.storage.repo.findServerByConsumerKey(params.oauth_consumer_key ?? '');
  if (server === undefined || !signaturesEqual(server.access_token, params.oauth_token ?? '')) {
    throw new AppleError('UNAUTHORIZED');
  }

  const expected = expectedSignature({
    method: request.method,
    url: request.url,
    params,
    consumerSecret: server.consumer_secret,
    accessSecret: server.access_secret,
  });
  if (!signaturesEqual(expected, params.oauth_signature ?? '')) {
    throw new AppleError('UNAUTHORIZED');
  }

  // Apple's table: an expired server token is a 401 like any invalid one.
  if (Date.parse(server.access_token_expiry) <= now.getTime()) {
    throw new AppleError('UNAUTHORIZED');
  }
  ctx.accountGate?.checkSession(server);

  const nowMs = now.getTime();
  const unused = await ctx.storage.repo.recordNonce({
    consumer_key: server.consumer_key,
    nonce: params.oauth_nonce ?? '',
    timestamp: Number(timestamp),
    expires_at: Math.max(Number(timestamp) * 1000, nowMs) + window * 1000,
  });
  if (!unused) throw new AppleError('UNAUTHORIZED');

  return { token: await issueSession(ctx, server), server };
}

/** A new session for `server`, valid for the configured TTL from now. */
export async function issueSession(ctx: ServiceContext, server: MdmServer): Promise<string> {
  const nowMs = ctx.clock.now().getTime();
  const token = newSessionToken(nowMs);
  await ctx.storage.repo.insertSession({
    token: sessionDigest(token),
    server_uuid: server.server_uuid,
    created_at: nowMs,
    expires_at: nowMs + ctx.settings.sessionTtlSeconds * 1000,
  });
  return token;
}

/**
 * The MDM server behind an `X-ADM-Auth-Session` value: 403 FORBIDDEN for a missing or
 * unknown session, 401 UNAUTHORIZED once it has expired.
 */
export async function authenticateSession(
  ctx: ServiceContext,
  token: string | undefined,
): Promise<MdmServer> {
  if (token === undefined || token === '') throw new AppleError('FORBIDDEN');
  const session = await ctx.storage.repo.getSession(sessionDigest(token));
  if (session === undefined) throw new AppleError('FORBIDDEN');
  if (session.expires_at <= ctx.clock.now().getTime()) throw new AppleError('UNAUTHORIZED');

  const server = await ctx.storage.repo.getServer(session.server_uuid);
  if (server === undefined) throw new AppleError('FORBIDDEN');
  ctx.accountGate?.checkCall(server);
  return server;
}
