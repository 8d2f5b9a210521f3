import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { renderCoverage } from '../src/openapi/coverage.js';
import { servedOpenApi } from '../src/openapi/served-openapi.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

interface Operation {
  summary?: string;
  security?: unknown[];
  requestBody?: unknown;
  parameters?: Array<{ name: string; in: string }>;
  'x-apple-errors'?: string[];
}

interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

describe('/_opendep/openapi.json', () => {
  let server: TestServer;
  let document: Document;

  before(async () => {
    server = await startTestServer({ seed: false });
    const response = await fetch(`${server.url}/_opendep/openapi.json`);
    assert.equal(response.status, 200, 'served without a token');
    document = (await response.json()) as Document;
  });
  after(() => server.close());

  it('is OpenAPI 3.1 and lists every route the app serves', async () => {
    assert.equal(document.openapi, '3.1.0');
    const listed = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    for (const expected of [
      'GET /session',
      'POST /profile',
      'GET /profile',
      'POST /profile/devices',
      'PUT /profile/devices',
      'DELETE /profile/devices',
      'POST /_opendep/faults',
      'DELETE /_opendep/faults/{id}',
      'POST /_opendep/clock',
      'GET /_opendep/log',
      'PUT /_opendep/state',
    ]) {
      assert.ok(listed.includes(expected), expected);
    }
  });

  it("describes Apple's endpoints with their schemas and error codes", () => {
    const define = document.paths['/profile']?.post;
    assert.ok(define?.requestBody !== undefined);
    assert.ok(define?.['x-apple-errors']?.includes('CONFIG_NAME_REQUIRED'));
    assert.ok(define?.['x-apple-errors']?.includes('T_C_NOT_SIGNED'));
    const get = document.paths['/profile']?.get;
    assert.deepEqual(
      get?.parameters?.map((p) => [p.name, p.in]),
      [['profile_uuid', 'query']],
    );
    assert.deepEqual(document.paths['/session']?.get?.security, [{ oauth1: [] }]);
  });

  it('describes the control plane from the schemas its routes validate with', async () => {
    const faults = document.paths['/_opendep/faults']?.post;
    assert.deepEqual(faults?.security, [{ adminBearer: [] }]);
    const schema = JSON.stringify(faults?.requestBody);
    assert.ok(schema.includes('"minimum":400') && schema.includes('"maximum":599'));
    // The same schema rejects: status 600 is refused by the route, with the schema's words.
    const refused = await server.admin<{ error: string }>('POST', '/faults', { status: 600 });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error, /status must be <= 599/);
  });

  it('leaves Apple requests to their own validators (no framework 400s)', async () => {
    const response = await fetch(`${server.url}/profile`, {
      method: 'POST',
      headers: { 'x-adm-auth-session': 'nope', 'content-type': 'application/json' },
      body: '{"profile_name": 5}',
    });
    assert.deepEqual([response.status, await response.text()], [403, 'FORBIDDEN']);
  });
});

describe('docs/coverage.md', () => {
  it('is up to date with what opendep serves (npm run coverage-doc)', async () => {
    const committed = readFileSync(new URL('../docs/coverage.md', import.meta.url), 'utf8');
    assert.equal(committed, renderCoverage(await servedOpenApi()));
  });
});
