import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { APPLE_TEXT, sendAppleError } from '../http/apple-reply.js';
import { pathOf } from '../http/url-path.js';
import { quirkedPage } from './cursor-quirk-hook.js';
import { evaluateFaults } from './fault-evaluator.js';
import { isApplePath, type ControlPlane } from './control-plane.js';
import { loggableQuery, redactSecrets } from './request-log-query.js';
import { serverOfRequest } from './request-server.js';

interface PendingRecord {
  timeMs: number;
  faultId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    opendepRecord: PendingRecord | null;
  }
}

const MAX_LOGGED_BODY = 64 * 1024;

/**
 * A body as the log keeps it: JSON with its secrets redacted. A request body that is not
 * JSON (or too long to parse here) could hold a secret the redaction cannot find, so only
 * its size is kept; an answer that is not JSON is one of our bare error codes, kept as is.
 */
function loggableBody(payload: unknown, kind: 'request' | 'response'): unknown {
  if (typeof payload !== 'string' || payload === '') return undefined;
  const bytes = Buffer.byteLength(payload);
  if (kind === 'request' && payload.length > MAX_LOGGED_BODY) {
    return `[body of ${bytes} bytes, too long to log]`;
  }
  const text = payload.length > MAX_LOGGED_BODY ? payload.slice(0, MAX_LOGGED_BODY) : payload;
  try {
    return redactSecrets(JSON.parse(text));
  } catch {
    return kind === 'request' ? `[unparsable body, ${bytes} bytes]` : text;
  }
}

function errorCode(status: number, payload: unknown): string | null {
  if (status < 400 || typeof payload !== 'string') return null;
  return payload.trim();
}

function recordAnswer(
  plane: ControlPlane,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  serverUuid: string | null,
): void {
  const pending = request.opendepRecord;
  if (pending === null) return;
  plane.log.record({
    timeMs: pending.timeMs,
    method: request.method,
    path: pathOf(request.url),
    query: loggableQuery(request.query),
    serverUuid,
    status: reply.statusCode,
    code: errorCode(reply.statusCode, payload),
    latencyMs: Math.round(reply.elapsedTime * 100) / 100,
    faultId: pending.faultId,
    ...(plane.log.bodies
      ? {
          requestBody: loggableBody(request.body, 'request'),
          responseBody: loggableBody(payload, 'response'),
        }
      : {}),
  });
}

function quoted(plane: ControlPlane, reply: FastifyReply, payload: unknown): unknown {
  if (plane.cache.current.errorStyle !== 'quoted') return payload;
  const isError = reply.statusCode >= 400 && reply.getHeader('content-type') === APPLE_TEXT;
  if (!isError || typeof payload !== 'string' || payload === '') return payload;
  return JSON.stringify(payload);
}

/**
 * The hooks on every request: bring the cached control state (and clock) up to date; on
 * Apple's paths, let a fault rule answer, log the exchange, and quote error bodies when
 * the old simulator's style is on. With no rule and bare style they change nothing, and
 * the common path allocates no promise of its own.
 */
export function addAppleHooks(app: FastifyInstance, plane: ControlPlane): void {
  app.decorateRequest('opendepRecord', null);

  app.addHook('onRequest', (request, _reply, done) => {
    plane.cache.refresh().then(() => {
      if (isApplePath(pathOf(request.url))) {
        request.opendepRecord = { timeMs: plane.clock.now().getTime(), faultId: null };
      }
      done();
    }, done);
  });

  app.addHook('preHandler', (request, reply, done) => {
    if (request.opendepRecord === null || plane.cache.current.rules.length === 0) return done();
    evaluateFaults(plane.ctx, plane.cache, plane.store, request).then((fired) => {
      if (fired === undefined || request.opendepRecord === null) return done();
      request.opendepRecord.faultId = fired.rule.id;
      reply.headers(fired.headers);
      sendAppleError(reply, fired.rule.status, fired.rule.code);
      return undefined;
    }, done);
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.opendepRecord === null) return done(null, payload);
    const known = request.appleCaller?.server.server_uuid;
    if (known !== undefined && plane.cache.current.cursorQuirks.length === 0) {
      recordAnswer(plane, request, reply, payload, known);
      return done(null, quoted(plane, reply, payload));
    }
    if (known !== undefined) {
      quirkedPage(plane, request, reply, payload).then((changed) => {
        const sent = changed ?? payload;
        recordAnswer(plane, request, reply, sent, known);
        done(null, quoted(plane, reply, sent));
      }, done);
      return undefined;
    }
    // /session, or a request refused before its session was known: look the server up.
    serverOfRequest(plane.ctx, request)
      .catch(() => undefined)
      .then((server) => {
        recordAnswer(plane, request, reply, payload, server?.server_uuid ?? null);
        done(null, quoted(plane, reply, payload));
      }, done);
  });
}
