import type { RegisteredRoute } from '../control/control-plane.js';
import type { JsonSchema } from './control-schemas.js';

const APPLE_JSON = 'application/json;charset=UTF8';
const APPLE_TEXT = 'text/plain;charset=UTF8';
const NO_AUTH = new Set(['/_opendep/health', '/_opendep/openapi.json']);

function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z_]+)/g, '{$1}');
}

function parameters(schema: JsonSchema | undefined, where: 'query' | 'path'): JsonSchema[] {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema?.required ?? []) as string[]);
  return Object.entries(properties).map(([name, inner]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: inner,
  }));
}

function responses(schema: JsonSchema, apple: boolean): JsonSchema {
  const out: JsonSchema = {};
  const declared = (schema.response ?? {}) as Record<string, JsonSchema>;
  for (const [status, body] of Object.entries(declared)) {
    const isError = status.startsWith('4') || status.startsWith('5');
    const type = apple ? (isError ? APPLE_TEXT : APPLE_JSON) : 'application/json';
    const empty =
      body.type === 'null' || (body.type === undefined && body.properties === undefined);
    out[status.toUpperCase()] = {
      description: String(body.description ?? (isError ? 'error' : 'success')),
      ...(empty && !isError ? {} : { content: { [type]: { schema: body } } }),
    };
  }
  return out;
}

function operation(route: RegisteredRoute, apple: boolean): JsonSchema {
  const schema = route.schema ?? {};
  const errors = schema['x-apple-errors'] as string[] | undefined;
  const params = [
    ...parameters(schema.querystring as JsonSchema | undefined, 'query'),
    ...parameters(schema.params as JsonSchema | undefined, 'path'),
  ];
  return {
    summary: schema.summary ?? `${route.method} ${route.url}`,
    tags: schema.tags ?? [apple ? 'Apple' : 'control plane'],
    ...(errors === undefined
      ? {}
      : {
          description: `Error codes (bare body): ${errors.join(', ')}.`,
          'x-apple-errors': errors,
        }),
    ...(params.length === 0 ? {} : { parameters: params }),
    ...(schema.body === undefined
      ? {}
      : {
          requestBody: {
            content: { [apple ? APPLE_JSON : 'application/json']: { schema: schema.body } },
          },
        }),
    responses: responses(schema, apple),
    ...(apple
      ? { security: route.url === '/session' ? [{ oauth1: [] }] : [{ admSession: [] }] }
      : NO_AUTH.has(route.url)
        ? { security: [] }
        : { security: [{ adminBearer: [] }] }),
  };
}

/**
 * OpenAPI 3.1 for every route the app registered, from the schemas the routes carry. A
 * route without a schema still appears, with what is known of it.
 */
export function openApiDocument(routes: readonly RegisteredRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const sorted = [...routes].sort(
    (a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method),
  );
  for (const route of sorted) {
    if (route.method === 'HEAD' || route.method === 'OPTIONS') continue;
    const apple = !route.url.startsWith('/_opendep');
    const path = openApiPath(route.url);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route, apple);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'opendep',
      version,
      description:
        "Apple's Device Assignment Services API as opendep serves it, and opendep's own " +
        'control plane under /_opendep/.',
    },
    paths,
    components: {
      securitySchemes: {
        oauth1: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'OAuth 1.0a, HMAC-SHA1, realm "ADM", signed with the server token',
        },
        admSession: { type: 'apiKey', in: 'header', name: 'X-ADM-Auth-Session' },
        adminBearer: { type: 'http', scheme: 'bearer' },
      },
    },
  };
}
