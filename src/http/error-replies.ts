import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppleError } from '../errors/apple-codes.js';
import { AdminError } from '../services/admin-service.js';
import { sendAppleError } from './apple-reply.js';
import { pathOf } from './url-path.js';

export const ADMIN_PREFIX = '/_opendep';

/** Errors that say "the database is busy, try again", on either backend. */
function isTransientStorageError(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_BUSY_SNAPSHOT' ||
    code === 'SQLITE_LOCKED' ||
    code === '40001' ||
    code === '40P01'
  );
}

/** A code-like word for a status Apple names no code for: 431 → REQUEST_HEADER_FIELDS_TOO_LARGE. */
function statusWord(status: number): string {
  return (STATUS_CODES[status] ?? 'ERROR').toUpperCase().replace(/[^A-Z]+/g, '_');
}

/**
 * Apple's paths answer bare codes for everything, framework rejections included: a broken
 * content type is MALFORMED_REQUEST_BODY (400, as Apple answers unreadable bodies), a busy
 * database 503 with Retry-After, a bug 500 without a stack trace.
 */
function appleAnswer(error: Error, status: number): { status: number; code: string } {
  if (isTransientStorageError(error)) return { status: 503, code: 'SERVICE_UNAVAILABLE' };
  if (status >= 500) return { status: 500, code: 'INTERNAL_SERVER_ERROR' };
  if (status === 400 || status === 415) return { status: 400, code: 'MALFORMED_REQUEST_BODY' };
  return { status, code: statusWord(status) };
}

export function handleError(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof AppleError) return sendAppleError(reply, error.status, error.body);
  if (error instanceof AdminError) return reply.code(error.status).send({ error: error.message });

  const status =
    'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  const transient = isTransientStorageError(error);
  if (status >= 500 && !transient) request.log.error({ err: error }, 'unhandled error');
  if (transient) reply.header('retry-after', '1');

  if (pathOf(request.url).startsWith(ADMIN_PREFIX)) {
    const message = transient
      ? 'database busy, retry'
      : status >= 500
        ? 'internal error'
        : error.message;
    return reply.code(transient ? 503 : status).send({ error: message });
  }
  const answer = appleAnswer(error, status);
  return sendAppleError(reply, answer.status, answer.code);
}

/** A URL the router cannot decode: answered bare, without echoing the URL back. */
export function handleBadUrl(
  _error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  sendAppleError(reply, 400, 'BAD_REQUEST');
}

/**
 * Requests so broken that Node's parser rejects them (oversized headers, control bytes):
 * answered with a bare status word on the raw socket, and logged as one line.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: Error & { code?: string },
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || !socket.writable) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = status === 431 ? statusWord(431) : 'BAD_REQUEST';
  this.log.info({ status, reason: error.code ?? 'client error' }, 'request rejected');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: text/plain;charset=UTF8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}
