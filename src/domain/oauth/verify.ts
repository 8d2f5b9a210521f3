/**
 * Server-side checks of the OAuth 1.0a parameters of `GET /session`, as pure functions.
 *
 * Order of use: parse the header, `checkOAuthParameters` (400s), look the consumer key and
 * token up (401 when unknown), `verifyOAuthSignature` (401s), then the nonce replay check.
 * Looking keys up and remembering nonces need storage, so they live outside this module.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import OAuth from 'oauth-1.0a';

export type OAuthVerdict = { ok: true } | { ok: false; status: 400 | 401; reason: string };

export const REQUIRED_OAUTH_PARAMETERS = [
  'oauth_consumer_key',
  'oauth_token',
  'oauth_signature_method',
  'oauth_signature',
  'oauth_timestamp',
  'oauth_nonce',
] as const;

/**
 * Everything else is refused with 400, as Apple documents for an unsupported parameter:
 * the token is pre-issued (so no `oauth_callback` / `oauth_verifier`), and `/session` has no
 * body (so no `oauth_body_hash`).
 */
const SUPPORTED_OAUTH_PARAMETERS: ReadonlySet<string> = new Set([
  ...REQUIRED_OAUTH_PARAMETERS,
  'oauth_version',
]);

export const SUPPORTED_SIGNATURE_METHOD = 'HMAC-SHA1';
export const DEFAULT_TIMESTAMP_WINDOW_SECONDS = 300;

const DECIMAL_INTEGER = /^[0-9]+$/;

const accepted: OAuthVerdict = { ok: true };

function badRequest(reason: string): OAuthVerdict {
  return { ok: false, status: 400, reason };
}

function unauthorized(reason: string): OAuthVerdict {
  return { ok: false, status: 401, reason };
}

/** The 400 checks, first failure wins. Reasons name parameters but never echo values. */
export function checkOAuthParameters(params: Record<string, string>): OAuthVerdict {
  const unsupported = Object.keys(params).find((name) => !SUPPORTED_OAUTH_PARAMETERS.has(name));
  if (unsupported !== undefined) return badRequest(`unsupported parameter ${unsupported}`);

  // An empty value carries no more than an absent one.
  const missing = REQUIRED_OAUTH_PARAMETERS.find((name) => !params[name]);
  if (missing !== undefined) return badRequest(`missing parameter ${missing}`);

  if (params.oauth_signature_method !== SUPPORTED_SIGNATURE_METHOD) {
    return badRequest('unsupported signature method');
  }
  if (params.oauth_version !== undefined && params.oauth_version !== '1.0') {
    return badRequest('unsupported oauth_version');
  }
  if (!DECIMAL_INTEGER.test(params.oauth_timestamp ?? '')) {
    return badRequest('oauth_timestamp is not a decimal integer');
  }
  return accepted;
}

/** Whether the timestamp lies within `windowSeconds` of `now`, in the past or the future. */
export function timestampIsFresh(
  timestampSeconds: string,
  now: Date,
  windowSeconds = DEFAULT_TIMESTAMP_WINDOW_SECONDS,
): boolean {
  if (!DECIMAL_INTEGER.test(timestampSeconds)) return false;

  const nowSeconds = Math.floor(now.getTime() / 1000);
  // NaN (invalid `now`) and Infinity (absurdly long timestamps) both fail this comparison.
  return Math.abs(nowSeconds - Number(timestampSeconds)) <= windowSeconds;
}

export interface SignatureInput {
  method: string;
  /** The absolute request URL; its query parameters are signed too (RFC 5849 §3.4.1.3.1). */
  url: string;
  /** Header parameters without realm; `oauth_signature`, if present, is left out. */
  params: Record<string, string>;
  consumerSecret: string;
  accessSecret: string;
}

/** Base64 HMAC-SHA1 over the RFC 5849 signature base string, built by oauth-1.0a. */
export function expectedSignature(input: SignatureInput): string {
  const signer = new OAuth({
    consumer: { key: '', secret: wellFormed(input.consumerSecret) },
    signature_method: SUPPORTED_SIGNATURE_METHOD,
    hash_function: hmacSha1Base64,
  });
  const request = {
    method: wellFormed(input.method),
    url: normalisedBaseUrl(input.url),
    data: signedParameters(input.url, input.params),
  };
  return signer.getSignature(request, wellFormed(input.accessSecret), noExtraOAuthData());
}

/** Constant-time equality; hashing first gives equal-length buffers whatever the inputs. */
export function signaturesEqual(a: string, b: string): boolean {
  return timingSafeEqual(constantLengthDigest(a), constantLengthDigest(b));
}

export interface SignedRequest extends SignatureInput {
  now: Date;
  windowSeconds?: number;
}

/** The 401 checks that need the secrets: stale timestamp, then a wrong signature. */
export function verifyOAuthSignature(request: SignedRequest): OAuthVerdict {
  const timestamp = request.params.oauth_timestamp ?? '';
  if (!timestampIsFresh(timestamp, request.now, request.windowSeconds)) {
    return unauthorized('timestamp outside the accepted window');
  }

  const received = request.params.oauth_signature ?? '';
  if (!signaturesEqual(received, expectedSignature(request))) {
    return unauthorized('signature does not match');
  }
  return accepted;
}

function hmacSha1Base64(baseString: string, key: string): string {
  return createHmac('sha1', key).update(baseString).digest('base64');
}

function constantLengthDigest(text: string): Buffer {
  // UTF-16 bytes map every JS string (lone surrogates included) to distinct input.
  return createHash('sha256').update(Buffer.from(text, 'utf16le')).digest();
}

type MultiValueParameters = Record<string, string | string[]>;

/**
 * Header and query parameters as one multimap. Repeated names keep every value, as RFC 5849
 * requires; the library would otherwise let a query value overwrite a header value.
 * Null-prototype objects, so a name like `__proto__` stays an ordinary key.
 */
function signedParameters(url: string, params: Record<string, string>): MultiValueParameters {
  const merged: MultiValueParameters = Object.create(null);
  const add = (name: string, value: string): void => {
    const key = wellFormed(name);
    const previous = merged[key];
    const text = wellFormed(value);
    merged[key] = previous === undefined ? text : [previous, text].flat();
  };

  for (const [name, value] of Object.entries(params)) {
    if (name !== 'oauth_signature') add(name, value);
  }
  for (const [name, value] of new URLSearchParams(queryOf(url))) add(name, value);
  return merged;
}

function noExtraOAuthData(): OAuth.Data {
  // Everything is passed as request data; the library merges into (and mutates) this object.
  return Object.create(null) as OAuth.Data;
}

function queryOf(url: string): string {
  const withoutFragment = url.split('#')[0] ?? '';
  const questionMark = withoutFragment.indexOf('?');
  return questionMark === -1 ? '' : withoutFragment.slice(questionMark + 1);
}

/** RFC 5849 §3.4.1.2: lower-case scheme and host, no default port, no query or fragment. */
export function normalisedBaseUrl(url: string): string {
  const withoutQuery = wellFormed(url.split(/[?#]/)[0] ?? '');
  if (!URL.canParse(withoutQuery)) return withoutQuery;

  const parsed = new URL(withoutQuery);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return withoutQuery;
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The library's percent-encoder throws on lone surrogates; they become U+FFFD instead. */
function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}
