/**
 * A scripted HTTP server on 127.0.0.1, port 0, for answers the emulator cannot give
 * (429/503 sequences, cursor loops, rotated sessions): each request is recorded and
 * answered by the test's handler.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerToken } from '../../src/token/server-token.js';

export interface StubRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface StubReply {
  status?: number;
  /** A string is sent as is (Apple's bare codes); anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type StubHandler = (request: StubRequest) => StubReply | Promise<StubReply>;

export interface StubServer {
  url: string;
  requests: StubRequest[];
  /** Requests other than GET /session. */
  calls(): StubRequest[];
  sessions(): StubRequest[];
  close(): Promise<void>;
}

export async function startStub(handler: StubHandler): Promise<StubServer> {
  const requests: StubRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: StubRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      Promise.resolve(handler(request)).then(
        (reply) => {
          const isText = typeof reply.body === 'string';
          const body =
            reply.body === undefined
              ? ''
              : isText
                ? String(reply.body)
                : JSON.stringify(reply.body);
          res.writeHead(reply.status ?? 200, {
            'content-type': isText ? 'text/plain' : 'application/json;charset=UTF8',
            ...reply.headers,
          });
          res.end(body);
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: () => requests.filter((r) => r.path !== '/session'),
    sessions: () => requests.filter((r) => r.path === '/session'),
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Answers GET /session with `S<n>` (n counting sessions) and the rest with `handler`. */
export function withSessions(handler: StubHandler): StubHandler {
  let issued = 0;
  return (request) => {
    if (request.path !== '/session') return handler(request);
    issued += 1;
    return { body: { auth_session_token: `S${issued}` } };
  };
}

/** A token of the right shape, expiring in a year; the stub never checks signatures. */
export function stubToken(expiry: Date = new Date(Date.now() + 365 * 24 * 3600 * 1000)) {
  const token: ServerToken = {
    consumer_key: `CK_${'a'.repeat(96)}`,
    consumer_secret: `CS_${'b'.repeat(40)}`,
    access_token: `AT_O1234567O${'c'.repeat(40)}O1700000000000`,
    access_secret: `AS_${'d'.repeat(40)}`,
    access_token_expiry: expiry.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  return token;
}

/** A port nothing listens on: one the OS just handed out and took back. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
