/**
 * Parsing of an incoming `Authorization: OAuth ...` header (RFC 5849 §3.5.1, RFC 7235 syntax).
 *
 * Strict by design, and total: every input gives a result, nothing throws.
 * - The scheme `OAuth` matches case-insensitively; parameters are `name="value"` pairs
 *   separated by commas, with optional spaces or tabs around `,` and `=`.
 * - Values must be quoted. Inside the quotes `oauth_*` values may hold visible ASCII only
 *   (no `"` or `\`), and every `%` must start a valid UTF-8 percent-escape.
 * - `realm` (name case-insensitive) is returned apart and is not percent-decoded.
 * - Any other name that does not start with `oauth_` is malformed: the signature covers every
 *   header parameter but realm, so silently dropping one would turn a 400 into a baffling 401.
 * - A name seen twice (even with the same value) is a duplicate.
 */

export interface ParsedOAuth {
  realm?: string;
  /** Percent-decoded values of the `oauth_*` parameters, keyed by their names. */
  params: Record<string, string>;
}

export type OAuthHeaderProblem = 'missing' | 'malformed' | 'duplicate';

export type OAuthHeaderParse = ParsedOAuth | { error: OAuthHeaderProblem };

interface RawParameter {
  name: string;
  quotedValue: string;
}

const SCHEME = /^[ \t]*OAuth(?=[ \t]|$)/iy;
const OPTIONAL_WHITESPACE = /[ \t]*/y;
// Percent-encoding (RFC 3986 unreserved plus `%`) never puts anything else in a name.
const PARAMETER = /([A-Za-z0-9._~-]+)[ \t]*=[ \t]*"([ !#-[\]-~\u0080-\uFFFF]*)"/y;
const OAUTH_VALUE = /^[\x21\x23-\x5b\x5d-\x7e]*$/;
const BROKEN_PERCENT_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

export function parseOAuthAuthorization(header: string | undefined): OAuthHeaderParse {
  if (header === undefined || header.trim() === '') return { error: 'missing' };

  const rawParameters = splitParameters(header);
  if (rawParameters === undefined) return { error: 'malformed' };

  return collectParameters(rawParameters);
}

/** The `name="value"` pairs after the scheme, or undefined when the syntax is broken. */
function splitParameters(header: string): RawParameter[] | undefined {
  SCHEME.lastIndex = 0;
  if (!SCHEME.test(header)) return undefined;

  const found: RawParameter[] = [];
  let position = SCHEME.lastIndex;
  let expectingSeparator = false;

  for (;;) {
    position = skipWhitespace(header, position);
    if (position >= header.length) return found;

    // Empty list elements (`a="1",,b="2"`) are allowed by the HTTP list syntax.
    if (header[position] === ',') {
      position += 1;
      expectingSeparator = false;
      continue;
    }
    if (expectingSeparator) return undefined;

    PARAMETER.lastIndex = position;
    const match = PARAMETER.exec(header);
    if (match === null) return undefined;

    found.push({ name: match[1] ?? '', quotedValue: match[2] ?? '' });
    position = PARAMETER.lastIndex;
    expectingSeparator = true;
  }
}

function skipWhitespace(text: string, from: number): number {
  OPTIONAL_WHITESPACE.lastIndex = from;
  OPTIONAL_WHITESPACE.test(text);
  return OPTIONAL_WHITESPACE.lastIndex;
}

function collectParameters(rawParameters: RawParameter[]): OAuthHeaderParse {
  const params: Record<string, string> = {};
  let realm: string | undefined;
  const seen = new Set<string>();
  let duplicated = false;

  for (const { name, quotedValue } of rawParameters) {
    const isRealm = name.toLowerCase() === 'realm';
    const key = isRealm ? 'realm' : name;
    if (seen.has(key)) duplicated = true;
    seen.add(key);

    if (isRealm) {
      realm = quotedValue;
      continue;
    }
    if (!name.startsWith('oauth_')) return { error: 'malformed' };

    const value = percentDecode(quotedValue);
    if (value === undefined) return { error: 'malformed' };
    params[name] = value;
  }

  if (duplicated) return { error: 'duplicate' };
  return realm === undefined ? { params } : { realm, params };
}

function percentDecode(encoded: string): string | undefined {
  if (!OAUTH_VALUE.test(encoded) || BROKEN_PERCENT_ESCAPE.test(encoded)) return undefined;

  try {
    return decodeURIComponent(encoded);
  } catch {
    // Well-formed escapes that are not valid UTF-8, e.g. `%FF`.
    return undefined;
  }
}
