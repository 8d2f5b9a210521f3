/** `opendep/client`: a typed client of Apple's Device Assignment Services (DEP) API. */
export { DepClient } from './dep-client.js';
export {
  APPLE_BASE_URL,
  DEFAULT_PROTOCOL_VERSION,
  DEFAULT_USER_AGENT,
  type DepClientOptions,
} from './options.js';
export {
  CursorLoopError,
  DepClientError,
  DepError,
  DepNetworkError,
  DepProtocolError,
  ServerTokenExpiredError,
  isDepError,
  isTokenRejected,
} from './errors.js';
export {
  DEP_ERROR_CODES,
  describeDepErrorCode,
  isKnownDepErrorCode,
  type DepErrorCode,
} from './error-codes.js';
export { APPLE_CHUNK_SIZE } from './chunking.js';
export type { DevicePage, DevicePagesOptions, DevicePhase } from './device-pages.js';
export type { DepLogEvent, DepLogger } from './logger.js';
export { parseRetryAfter, type RetryOptions } from './retry-policy.js';
export type { HttpMethod } from './transport.js';
export type * from './types.js';
export type { ServerToken } from '../token/server-token.js';
export { decryptServerToken, ServerTokenError, type ServerTokenFailure } from '../token/p7m.js';
