import { systemClock } from '../domain/clock.js';
import { buildApp } from '../http/server.js';
import { DEFAULT_SETTINGS } from '../services/context.js';
import { openStorage } from '../storage/open.js';

interface OpenApiDocument {
  paths: Record<string, Record<string, { 'x-apple-errors'?: string[] }>>;
}

/** The OpenAPI document of an app on an in-memory database, as it serves it. */
export async function servedOpenApi(): Promise<OpenApiDocument> {
  const storage = await openStorage(':memory:');
  const app = buildApp(
    { storage, clock: systemClock, settings: DEFAULT_SETTINGS },
    { adminToken: 'unused', log: false },
  );
  try {
    const response = await app.inject({ method: 'GET', url: '/_opendep/openapi.json' });
    return JSON.parse(response.body) as OpenApiDocument;
  } finally {
    await app.close();
    await storage.close();
  }
}
