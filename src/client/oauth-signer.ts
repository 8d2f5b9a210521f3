/**
 * The client side of `GET /session`: the OAuth 1.0a `Authorization` header Apple expects,
 * signed with HMAC-SHA1 under realm `ADM`, built with oauth-1.0a.
 */
import { randomBytes } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { expectedSignature, SUPPORTED_SIGNATURE_METHOD } from '../domain/oauth/verify.js';

export const SESSION_REALM = 'ADM';
export const OAUTH_VERSION = '1.0';

export interface SessionCredentials {
  /** Absolute URL of the session endpoint, e.g. `https://mdmenrollment.apple.com/session`. */
  url: string;
  method?: 'GET';
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessSecret: string;
  /** Defaults to the current time; whole seconds are sent. */
  now?: Date;
  /** Defaults to 32 random hex characters. */
  nonce?: string;
}

/**
 * `OAuth realm="ADM", oauth_consumer_key="...", ...` for the session request.
 * Throws URIError if a credential holds a lone UTF-16 surrogate, which cannot be percent-encoded.
 */
export function sessionAuthorizationHeader(credentials: SessionCredentials): string {
  const params = unsignedSessionParameters(credentials);
  const signature = expectedSignature({
    method: credentials.method ?? 'GET',
    url: credentials.url,
    params,
    consumerSecret: credentials.consumerSecret,
    accessSecret: credentials.accessSecret,
  });
  return oauthAuthorizationHeader({ ...params, oauth_signature: signature });
}

/**
 * Serialises `oauth_*` parameters (values percent-encoded, names sorted) after `realm="ADM"`.
 * Names not starting with `oauth_` are dropped by the library.
 */
export function oauthAuthorizationHeader(params: Record<string, string>): string {
  const serialiser = new OAuth({ consumer: { key: '', secret: '' }, realm: SESSION_REALM });
  // toHeader only reads names and values, so string timestamps are fine despite its typing.
  return serialiser.toHeader(params as unknown as OAuth.Authorization).Authorization;
}

function unsignedSessionParameters(credentials: SessionCredentials): Record<string, string> {
  const now = credentials.now ?? new Date();
  return {
    oauth_consumer_key: credentials.consumerKey,
    oauth_token: credentials.accessToken,
    oauth_signature_method: SUPPORTED_SIGNATURE_METHOD,
    oauth_timestamp: String(Math.floor(now.getTime() / 1000)),
    // The library's own nonce comes from Math.random; a replay guard wants real randomness.
    oauth_nonce: credentials.nonce ?? randomBytes(16).toString('hex'),
    oauth_version: OAUTH_VERSION,
  };
}
