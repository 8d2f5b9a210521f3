import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ControlPlane } from '../../control/control-plane.js';
import { openApiDocument } from '../../openapi/openapi-document.js';

function packageVersion(): string {
  try {
    const url = new URL('../../../package.json', import.meta.url);
    const parsed = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
    return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** `GET /_opendep/openapi.json`, no token: the document is built once, when first asked. */
export function registerOpenApiRoute(app: FastifyInstance, plane: ControlPlane): void {
  let document: string | undefined;
  app.get('/openapi.json', async (_request, reply) => {
    document ??= JSON.stringify(openApiDocument(plane.routes, packageVersion()), null, 2);
    return reply.header('content-type', 'application/json; charset=utf-8').send(document);
  });
}
