export { APPLE_BASE_URL, DepClient, type DepClientOptions } from './dep-client.js';
export { DepError } from './errors.js';
export type * from './types.js';
export type { ServerToken } from '../token/server-token.js';
