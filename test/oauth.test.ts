import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  oauthAuthorizationHeader,
  sessionAuthorizationHeader,
} from '../src/client/oauth-signer.js';
import {
  parseOAuthAuthorization,
  type ParsedOAuth,
} from '../src/domain/oauth/authorization-header.js';
import {
  checkOAuthParameters,
  expectedSignature,
  REQUIRED_OAUTH_PARAMETERS,
  signaturesEqual,
  timestampIsFresh,
  verifyOAuthSignature,
} from '../src/domain/oauth/verify.js';

const SESSION_URL = 'https://mdmenrollment.apple.com/session';
const NOW = new Date('2024-05-01T12:00:00.750Z');
const NOW_SECONDS = '1714564800';

const credentials = {
  url: SESSION_URL,
  consumerKey: 'CK_3a1b',
  consumerSecret: 'CS_9f8e',
  accessToken: 'AT_O1234O5678',
  accessSecret: 'AS_7d6c',
  now: NOW,
  nonce: 'n0nce',
};

function parsed(header: string | undefined): ParsedOAuth {
  const result = parseOAuthAuthorization(header);
  if ('error' in result) assert.fail(`expected a parse, got ${result.error}`);
  return result;
}

function without(params: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([key]) => key !== name));
}

function validParams(): Record<string, string> {
  return {
    oauth_consumer_key: 'CK_1',
    oauth_token: 'AT_1',
    oauth_signature_method: 'HMAC-SHA1',
    oauth_signature: 'c2ln',
    oauth_timestamp: NOW_SECONDS,
    oauth_nonce: 'abc',
    oauth_version: '1.0',
  };
}

/** RFC 3986 percent-encoding as RFC 5849 §3.6 wants it, written here independently. */
function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function handMadeSignature(baseString: string, consumerSecret: string, tokenSecret: string) {
  const key = `${rfc3986(consumerSecret)}&${rfc3986(tokenSecret)}`;
  return createHmac('sha1', key).update(baseString).digest('base64');
}

function signedSessionRequest(overrides: Partial<typeof credentials> = {}) {
  const sent = { ...credentials, ...overrides };
  const { params } = parsed(sessionAuthorizationHeader(sent));
  return {
    method: 'GET',
    url: sent.url,
    params,
    consumerSecret: sent.consumerSecret,
    accessSecret: sent.accessSecret,
    now: NOW,
  };
}

describe('parseOAuthAuthorization', () => {
  it('reads a header shaped like Apple’s sample', () => {
    const header =
      'OAuth realm="ADM", oauth_consumer_key="CK_48dd", oauth_token="AT_O1O2",' +
      ' oauth_signature_method="HMAC-SHA1", oauth_signature="aBc%2B%2F%3D",' +
      ' oauth_timestamp="1406657768", oauth_nonce="1406657768", oauth_version="1.0"';
    assert.deepEqual(parsed(header), {
      realm: 'ADM',
      params: {
        oauth_consumer_key: 'CK_48dd',
        oauth_token: 'AT_O1O2',
        oauth_signature_method: 'HMAC-SHA1',
        oauth_signature: 'aBc+/=',
        oauth_timestamp: '1406657768',
        oauth_nonce: '1406657768',
        oauth_version: '1.0',
      },
    });
  });

  it('reports an absent or blank header as missing', () => {
    for (const header of [undefined, '', '   ', '\t']) {
      assert.deepEqual(parseOAuthAuthorization(header), { error: 'missing' });
    }
  });

  it('matches the scheme case-insensitively and nothing else', () => {
    assert.equal(parsed('oauth oauth_nonce="a"').params.oauth_nonce, 'a');
    assert.equal(parsed('OAUTH oauth_nonce="a"').params.oauth_nonce, 'a');
    for (const header of ['Basic Zm9vOmJhcg==', 'OAuthx oauth_nonce="a"', 'Bearer abc']) {
      assert.deepEqual(parseOAuthAuthorization(header), { error: 'malformed' });
    }
  });

  it('accepts the scheme alone, with no parameters', () => {
    assert.deepEqual(parsed('OAuth'), { params: {} });
    assert.deepEqual(parsed('OAuth  '), { params: {} });
  });

  it('tolerates extra whitespace, tabs, missing spaces and empty list elements', () => {
    const expected = { realm: 'ADM', params: { oauth_nonce: 'a', oauth_token: 'b' } };
    const headers = [
      '  OAuth   realm="ADM" ,   oauth_nonce = "a",\toauth_token="b"  ',
      'OAuth\trealm="ADM",oauth_nonce="a",oauth_token="b"',
      'OAuth realm="ADM",, oauth_nonce="a", ,oauth_token="b",',
    ];
    for (const header of headers) assert.deepEqual(parsed(header), expected);
  });

  it('leaves realm out when absent and matches its name case-insensitively', () => {
    assert.equal('realm' in parsed('OAuth oauth_nonce="a"'), false);
    assert.equal(parsed('OAuth Realm="Some Realm"').realm, 'Some Realm');
  });

  it('percent-decodes reserved characters in values', () => {
    const header = 'OAuth oauth_nonce="a%20b%2Fc%2Bd%3De%26f%25g%22h%2C%C3%A9%F0%9F%94%91+"';
    assert.equal(parsed(header).params.oauth_nonce, 'a b/c+d=e&f%g"h,é🔑+');
  });

  it('reports a repeated parameter as duplicate, even with the same value', () => {
    const headers = [
      'OAuth oauth_nonce="a", oauth_nonce="b"',
      'OAuth oauth_nonce="a", oauth_token="t", oauth_nonce="a"',
      'OAuth realm="ADM", Realm="ADM"',
    ];
    for (const header of headers) {
      assert.deepEqual(parseOAuthAuthorization(header), { error: 'duplicate' });
    }
  });

  it('reports broken syntax as malformed', () => {
    const headers = [
      'OAuth oauth_nonce=a',
      'OAuth oauth_nonce="a" oauth_token="b"',
      'OAuth oauth_nonce="a',
      'OAuth oauth_nonce="a\\"b"',
      'OAuth oauth_nonce',
      'OAuth ="a"',
      'OAuth oauth_nonce="a"; oauth_token="b"',
      'OAuth oauth_nonce="a" garbage',
      'OAuth oauth_nonce="%zz"',
      'OAuth oauth_nonce="%4"',
      'OAuth oauth_nonce="%FF"',
      'OAuth oauth_nonce="a b"',
      'OAuth oauth_nonce="é"',
      'OAuth oauth%5Fnonce="a"',
      'OAuth foo="bar"',
      'OAuth OAUTH_NONCE="a"',
    ];
    for (const header of headers) {
      assert.deepEqual(parseOAuthAuthorization(header), { error: 'malformed' }, header);
    }
  });

  it('prefers malformed over duplicate', () => {
    const header = 'OAuth oauth_nonce="a", oauth_nonce="a", foo="bar"';
    assert.deepEqual(parseOAuthAuthorization(header), { error: 'malformed' });
  });
});

describe('checkOAuthParameters', () => {
  it('accepts Apple’s parameter set, with or without oauth_version', () => {
    assert.deepEqual(checkOAuthParameters(validParams()), { ok: true });
    const withoutVersion = without(validParams(), 'oauth_version');
    assert.deepEqual(checkOAuthParameters(withoutVersion), { ok: true });
  });

  it('refuses each missing or empty required parameter with 400', () => {
    for (const name of REQUIRED_OAUTH_PARAMETERS) {
      const absent = without(validParams(), name);
      const reason = `missing parameter ${name}`;
      assert.deepEqual(checkOAuthParameters(absent), { ok: false, status: 400, reason });
      const empty = { ...validParams(), [name]: '' };
      assert.deepEqual(checkOAuthParameters(empty), { ok: false, status: 400, reason });
    }
  });

  it('refuses parameters outside the two-legged HMAC-SHA1 set with 400', () => {
    const extras = ['oauth_callback', 'oauth_verifier', 'oauth_body_hash', 'oauth_foo', 'realm'];
    for (const name of extras) {
      const verdict = checkOAuthParameters({ ...validParams(), [name]: 'x' });
      const reason = `unsupported parameter ${name}`;
      assert.deepEqual(verdict, { ok: false, status: 400, reason });
    }
  });

  it('refuses any signature method but HMAC-SHA1 with 400', () => {
    for (const method of ['PLAINTEXT', 'RSA-SHA1', 'HMAC-SHA256', 'hmac-sha1']) {
      const verdict = checkOAuthParameters({ ...validParams(), oauth_signature_method: method });
      const reason = 'unsupported signature method';
      assert.deepEqual(verdict, { ok: false, status: 400, reason });
    }
  });

  it('refuses an oauth_version other than 1.0 with 400', () => {
    for (const version of ['2.0', '1', '1.0a', '']) {
      const verdict = checkOAuthParameters({ ...validParams(), oauth_version: version });
      const reason = 'unsupported oauth_version';
      assert.deepEqual(verdict, { ok: false, status: 400, reason });
    }
  });

  it('refuses a timestamp that is not a decimal integer with 400', () => {
    for (const timestamp of ['12.5', '-1', ' 1', '1e9', '0x10', '١٢٣', '+5']) {
      const verdict = checkOAuthParameters({ ...validParams(), oauth_timestamp: timestamp });
      const reason = 'oauth_timestamp is not a decimal integer';
      assert.deepEqual(verdict, { ok: false, status: 400, reason });
    }
  });
});

describe('timestampIsFresh', () => {
  const now = Number(NOW_SECONDS);

  it('accepts up to the window on both sides and nothing beyond', () => {
    assert.equal(timestampIsFresh(String(now), NOW), true);
    assert.equal(timestampIsFresh(String(now - 300), NOW), true);
    assert.equal(timestampIsFresh(String(now + 300), NOW), true);
    assert.equal(timestampIsFresh(String(now - 301), NOW), false);
    assert.equal(timestampIsFresh(String(now + 301), NOW), false);
  });

  it('honours a custom window', () => {
    assert.equal(timestampIsFresh(String(now - 5), NOW, 5), true);
    assert.equal(timestampIsFresh(String(now + 6), NOW, 5), false);
  });

  it('is false for non-numbers, absurd lengths and invalid clocks', () => {
    assert.equal(timestampIsFresh('soon', NOW), false);
    assert.equal(timestampIsFresh('9'.repeat(400), NOW), false);
    assert.equal(timestampIsFresh(NOW_SECONDS, new Date(Number.NaN)), false);
  });
});

describe('expectedSignature', () => {
  it('matches a signature computed by hand for GET /session', () => {
    const baseString =
      'GET&https%3A%2F%2Fmdmenrollment.apple.com%2Fsession&' +
      'oauth_consumer_key%3DCK_3a1b%26oauth_nonce%3Dn0nce%26' +
      'oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1714564800%26' +
      'oauth_token%3DAT_O1234O5678%26oauth_version%3D1.0';
    const byHand = handMadeSignature(baseString, 'CS_9f8e', 'AS_7d6c');

    const { params } = signedSessionRequest();
    const { oauth_signature: sent, ...unsigned } = params;
    assert.equal(sent, byHand);
    const computed = expectedSignature({
      method: 'GET',
      url: SESSION_URL,
      params: unsigned,
      consumerSecret: 'CS_9f8e',
      accessSecret: 'AS_7d6c',
    });
    assert.equal(computed, byHand);
  });

  it('matches a hand-built base string with a query, reserved characters and secrets', () => {
    const params = {
      oauth_consumer_key: 'ck',
      oauth_token: 'tok',
      oauth_signature_method: 'HMAC-SHA1',
      oauth_timestamp: '137131201',
      oauth_nonce: 'a b&c=d/é',
    };
    const url = 'https://Example.COM:443/a%20path?z=1&b=x+y&a=%2A&a=!';
    const pairs = [...Object.entries(params), ['z', '1'], ['b', 'x y'], ['a', '*'], ['a', '!']].map(
      ([k, v]) => `${rfc3986(k ?? '')}=${rfc3986(v ?? '')}`,
    );
    const normalised = pairs.sort().join('&');
    const baseString = `GET&${rfc3986('https://example.com/a%20path')}&${rfc3986(normalised)}`;

    const computed = expectedSignature({
      method: 'get',
      url,
      params,
      consumerSecret: 'c&s',
      accessSecret: 'a s',
    });
    assert.equal(computed, handMadeSignature(baseString, 'c&s', 'a s'));
  });

  it('reproduces the published OAuth Core 1.0 example signature', () => {
    const computed = expectedSignature({
      method: 'GET',
      url: 'http://photos.example.net/photos?file=vacation.jpg&size=original',
      params: {
        oauth_consumer_key: 'dpf43f3p2l4k3l03',
        oauth_token: 'nnch734d00sl2jdk',
        oauth_signature_method: 'HMAC-SHA1',
        oauth_timestamp: '1191242096',
        oauth_nonce: 'kllo9940pd9333jh',
        oauth_version: '1.0',
      },
      consumerSecret: 'kd94hf93k423kf44',
      accessSecret: 'pfkkdhi9sl3r4s00',
    });
    assert.equal(computed, 'tR3+Ty81lMeYAr/Fid0kMTYa/WM=');
  });

  it('signs the query string and ignores a received oauth_signature', () => {
    const request = signedSessionRequest();
    const plain = expectedSignature(request);
    assert.equal(plain, request.params.oauth_signature);
    assert.notEqual(expectedSignature({ ...request, url: `${SESSION_URL}?a=1` }), plain);
    const withoutSignature = { ...request.params, oauth_signature: 'ignored' };
    assert.equal(expectedSignature({ ...request, params: withoutSignature }), plain);
  });

  it('keeps a query value that repeats a header parameter', () => {
    const request = signedSessionRequest();
    const repeated = expectedSignature({ ...request, url: `${SESSION_URL}?oauth_nonce=n0nce` });
    assert.notEqual(repeated, request.params.oauth_signature);
  });

  it('never throws on lone surrogates', () => {
    const request = { ...signedSessionRequest(), url: `${SESSION_URL}?a=\uD800`, method: '\uDC00' };
    assert.equal(typeof expectedSignature(request), 'string');
  });
});

describe('verifyOAuthSignature', () => {
  it('accepts a fresh, correctly signed request', () => {
    assert.deepEqual(verifyOAuthSignature(signedSessionRequest()), { ok: true });
  });

  it('rejects any tampering with 401', () => {
    const request = signedSessionRequest();
    const badSignature = { ok: false, status: 401, reason: 'signature does not match' };
    const tampered = [
      { ...request, params: { ...request.params, oauth_signature: 'AAAA' } },
      { ...request, params: { ...request.params, oauth_timestamp: String(+NOW_SECONDS + 1) } },
      { ...request, params: { ...request.params, oauth_nonce: 'other' } },
      { ...request, consumerSecret: 'CS_wrong' },
      { ...request, accessSecret: 'AS_wrong' },
      { ...request, url: 'https://mdmenrollment.apple.com/account' },
      { ...request, url: 'http://mdmenrollment.apple.com/session' },
      { ...request, method: 'POST' },
    ];
    for (const candidate of tampered) {
      assert.deepEqual(verifyOAuthSignature(candidate), badSignature);
    }
  });

  it('rejects a stale timestamp with 401 before looking at the signature', () => {
    const old = new Date(NOW.getTime() - 301_000);
    const request = signedSessionRequest({ now: old });
    const verdict = verifyOAuthSignature(request);
    const reason = 'timestamp outside the accepted window';
    assert.deepEqual(verdict, { ok: false, status: 401, reason });
    assert.deepEqual(verifyOAuthSignature({ ...request, windowSeconds: 600 }), { ok: true });
  });

  it('treats case of the host and a default port as the same URL', () => {
    const request = signedSessionRequest();
    const url = 'HTTPS://MDMENROLLMENT.apple.com:443/session';
    assert.deepEqual(verifyOAuthSignature({ ...request, url }), { ok: true });
  });
});

describe('sessionAuthorizationHeader', () => {
  it('writes realm ADM first, then the sorted oauth parameters', () => {
    const header = sessionAuthorizationHeader(credentials);
    const names = [...header.matchAll(/([a-z_]+)="/g)].map((m) => m[1]);
    assert.deepEqual(names, [
      'realm',
      'oauth_consumer_key',
      'oauth_nonce',
      'oauth_signature',
      'oauth_signature_method',
      'oauth_timestamp',
      'oauth_token',
      'oauth_version',
    ]);
    assert.match(header, /^OAuth realm="ADM", oauth_consumer_key="CK_3a1b", /);
    assert.match(header, /oauth_timestamp="1714564800"/);
  });

  it('passes the full check chain end to end', () => {
    const { params, realm } = parsed(sessionAuthorizationHeader(credentials));
    assert.equal(realm, 'ADM');
    assert.deepEqual(checkOAuthParameters(params), { ok: true });
  });

  it('draws a fresh 32-hex-character nonce by default', () => {
    const withoutNonce = { ...credentials, nonce: undefined };
    const first = parsed(sessionAuthorizationHeader(withoutNonce)).params.oauth_nonce;
    const second = parsed(sessionAuthorizationHeader(withoutNonce)).params.oauth_nonce;
    assert.match(first ?? '', /^[0-9a-f]{32}$/);
    assert.notEqual(first, second);
  });
});

describe('properties', () => {
  const anyText = fc.string({ unit: 'binary', maxLength: 40 });
  const headerish = fc
    .array(fc.constantFrom('OAuth', 'oauth_a', 'realm', '=', '"', ',', ' ', '\t', '%', '\\', 'é'))
    .map((pieces) => pieces.join(''));
  const oauthName = fc
    .string({ unit: fc.constantFrom(...'abcxyzAZ09_.~-'), minLength: 1, maxLength: 12 })
    .map((suffix) => `oauth_${suffix}`);

  it('never throws while parsing', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, headerish, fc.constant(undefined)), (header) => {
        parseOAuthAuthorization(header);
      }),
    );
  });

  it('parses any serialised oauth_* map back to the same map', () => {
    fc.assert(
      fc.property(fc.dictionary(oauthName, anyText, { noNullPrototype: true }), (params) => {
        assert.deepEqual(parsed(oauthAuthorizationHeader(params)), { realm: 'ADM', params });
      }),
    );
  });

  it('verifies whatever credentials the signer was given', () => {
    const anySecret = fc.string({ unit: 'binary', maxLength: 20 });
    fc.assert(
      fc.property(anyText, anySecret, anyText, anySecret, anyText, (ck, cs, at, as, nonce) => {
        const request = signedSessionRequest({
          consumerKey: ck,
          consumerSecret: cs,
          accessToken: at,
          accessSecret: as,
          nonce,
        });
        assert.deepEqual(verifyOAuthSignature(request), { ok: true });
      }),
    );
  });

  it('signaturesEqual agrees with ===', () => {
    const nearlyEqual = anyText.chain((a) =>
      fc.tuple(fc.constant(a), fc.oneof(fc.constant(a), anyText)),
    );
    fc.assert(
      fc.property(nearlyEqual, ([a, b]) => {
        assert.equal(signaturesEqual(a, b), a === b);
      }),
    );
    assert.equal(signaturesEqual('a\uD800', 'a\uDC00'), false);
  });
});
