/**
 * Absolute-URI syntax per RFC 2396, amended by RFC 2732 for bracketed IPv6 literals, and
 * the "length once URL-encoded" measure Apple applies to profile URLs.
 *
 * Characters outside RFC 2396 (spaces, `<>"{}|\^` and backquote, controls, non-ASCII) make
 * a URI invalid: they must arrive already percent-encoded. See docs/define-profile-rules.md
 * for the few places where this check is stricter than the bare grammar.
 */

const UNRESERVED = "A-Za-z0-9\\-_.!~*'()";
const ESCAPED = '%[0-9A-Fa-f]{2}';

/** A whole string made of the given characters and `%XX` escapes (linear, no backtracking). */
function runOf(characters: string): RegExp {
  return new RegExp(`^(?:[${characters}]|${ESCAPED})*$`);
}

const URIC_RUN = runOf(`${UNRESERVED};/?:@&=+$,\\[\\]`);
const PATH_RUN = runOf(`${UNRESERVED}:@&=+$,;/`);
const USERINFO_RUN = runOf(`${UNRESERVED};:&=+$,`);
const OPAQUE_FIRST = new RegExp(`^(?:[${UNRESERVED};?:@&=+$,]|${ESCAPED})`);
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const PORT = /^[0-9]*$/;
const DOTTED_DIGITS = /^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const TOP_LABEL = /^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

// RFC 2616 and RFC 2818 define these schemes only in the `//host` form.
const SERVER_SCHEMES: ReadonlySet<string> = new Set(['http', 'https']);

/** True when `text` is an absolute URI (optionally with a `#fragment`). Never throws. */
export function isAbsoluteUri(text: string): boolean {
  const hashAt = text.indexOf('#');
  const beforeFragment = hashAt === -1 ? text : text.slice(0, hashAt);
  if (hashAt !== -1 && !URIC_RUN.test(text.slice(hashAt + 1))) return false;

  const colonAt = beforeFragment.indexOf(':');
  const scheme = beforeFragment.slice(0, colonAt);
  if (colonAt < 1 || !SCHEME.test(scheme)) return false;

  const rest = beforeFragment.slice(colonAt + 1);
  if (rest.startsWith('//')) return isNetPath(rest.slice(2));
  if (SERVER_SCHEMES.has(scheme.toLowerCase())) return false;
  if (rest.startsWith('/')) return isPathAndQuery(rest);
  return OPAQUE_FIRST.test(rest) && URIC_RUN.test(rest);
}

/** `authority [abs_path] [?query]`, the part after `//`. */
function isNetPath(text: string): boolean {
  const authorityEnd = text.search(/[/?]/);
  const authority = authorityEnd === -1 ? text : text.slice(0, authorityEnd);
  const remainder = authorityEnd === -1 ? '' : text.slice(authorityEnd);
  return isServerAuthority(authority) && isPathAndQuery(remainder);
}

/** Empty, or `abs_path`, or either followed by `?query`. */
function isPathAndQuery(text: string): boolean {
  const queryAt = text.indexOf('?');
  const path = queryAt === -1 ? text : text.slice(0, queryAt);
  const pathOk = path === '' || (path.startsWith('/') && PATH_RUN.test(path));
  return pathOk && (queryAt === -1 || URIC_RUN.test(text.slice(queryAt + 1)));
}

/** `[userinfo@]host[:port]` with a non-empty host. */
function isServerAuthority(authority: string): boolean {
  const atSign = authority.lastIndexOf('@');
  if (atSign !== -1 && !USERINFO_RUN.test(authority.slice(0, atSign))) return false;

  const hostPort = authority.slice(atSign + 1);
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close === -1 || !isIpv6Address(hostPort.slice(1, close))) return false;
    return isOptionalPort(hostPort.slice(close + 1));
  }

  const colonAt = hostPort.indexOf(':');
  const host = colonAt === -1 ? hostPort : hostPort.slice(0, colonAt);
  const portPart = colonAt === -1 ? '' : hostPort.slice(colonAt);
  return (isIpv4Address(host) || isHostname(host)) && isOptionalPort(portPart);
}

/** Empty, or `:` and a port; RFC 2396 allows an empty port, we also cap it at 65535. */
function isOptionalPort(text: string): boolean {
  if (text === '') return true;
  const digits = text.slice(1);
  return text.startsWith(':') && PORT.test(digits) && (digits === '' || Number(digits) <= 65535);
}

/** Dotted decimal with each part 0-255. */
export function isIpv4Address(text: string): boolean {
  return DOTTED_DIGITS.test(text) && text.split('.').every((part) => Number(part) <= 255);
}

/** `hostname` of RFC 2396: dot-separated labels, the last starting with a letter. */
export function isHostname(text: string): boolean {
  const labels = (text.endsWith('.') ? text.slice(0, -1) : text).split('.');
  const top = labels.pop() ?? '';
  return TOP_LABEL.test(top) && labels.every((label) => DOMAIN_LABEL.test(label));
}

/**
 * IPv6 text form of RFC 2373 (as RFC 2732 cites it): eight hex groups, or fewer around a
 * single `::`, optionally ending in a dotted IPv4 address that stands for two groups.
 */
export function isIpv6Address(text: string): boolean {
  const doubleColon = text.indexOf('::');
  if (doubleColon !== -1 && text.indexOf('::', doubleColon + 1) !== -1) return false;

  if (doubleColon === -1) return countGroups(text, true) === 8;
  const head = text.slice(0, doubleColon);
  const tail = text.slice(doubleColon + 2);
  const headGroups = head === '' ? 0 : countGroups(head, false);
  const tailGroups = tail === '' ? 0 : countGroups(tail, true);
  if (headGroups < 0 || tailGroups < 0) return false;
  return headGroups + tailGroups <= 7;
}

/** Groups in a `:`-separated run, counting a final IPv4 as two; -1 when malformed. */
function countGroups(run: string, ipv4AllowedLast: boolean): number {
  const parts = run.split(':');
  const last = parts[parts.length - 1] ?? '';
  const endsInIpv4 = ipv4AllowedLast && last.includes('.');
  if (endsInIpv4 && !isIpv4Address(last)) return -1;

  const hexParts = endsInIpv4 ? parts.slice(0, -1) : parts;
  if (!hexParts.every((part) => HEX_GROUP.test(part))) return -1;
  return hexParts.length + (endsInIpv4 ? 2 : 0);
}

// Every ASCII character RFC 2396/2732 lets stand for itself in a URI reference.
const URI_ASCII: ReadonlySet<string> = new Set(
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'();/?:@&=+$,[]#",
);

/**
 * Length of `text` once every character a URI cannot hold is percent-encoded as UTF-8:
 * such characters count 3 per byte, a `%` that does not start a `%XX` escape counts 3
 * (it would become `%25`), and everything else, existing escapes included, counts as is.
 */
export function encodedUriLength(text: string): number {
  let length = 0;
  let index = 0;
  while (index < text.length) {
    const codePoint = text.codePointAt(index) ?? 0;
    const character = String.fromCodePoint(codePoint);
    index += character.length;

    if (URI_ASCII.has(character)) length += 1;
    else if (character === '%') length += startsEscape(text, index) ? 1 : 3;
    else length += 3 * utf8ByteCount(codePoint);
  }
  return length;
}

/** Whether the two characters at `index` are hex digits, completing a `%XX` escape. */
function startsEscape(text: string, index: number): boolean {
  return /^[0-9A-Fa-f]{2}/.test(text.slice(index, index + 2));
}

// A lone surrogate has no UTF-8 form; encoders substitute U+FFFD, which is 3 bytes.
function utf8ByteCount(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
