/**
 * JSON Schemas of the control plane's routes. The routes validate their input with them
 * (Fastify's validator) and the OpenAPI document is generated from the routes that carry
 * them: one copy.
 */
import { FAULT_SCHEMAS } from './fault-schemas.js';
import { TOOL_SCHEMAS } from './tool-schemas.js';

export type { JsonSchema } from './schema-kit.js';

export const CONTROL_SCHEMAS = { ...FAULT_SCHEMAS, ...TOOL_SCHEMAS };
