import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import {
  encodedUriLength,
  isAbsoluteUri,
  isHostname,
  isIpv4Address,
  isIpv6Address,
} from '../src/domain/uri.js';

const ACCEPTED = [
  'https://mdm.example.com/enroll',
  'https://[2001:db8::1]:8443/enroll',
  'http://[::1]',
  'https://[::ffff:192.0.2.1]/mdm',
  'https://[2001:DB8:0:0:8:800:200C:417A]/',
  'https://192.0.2.10:443/mdm?x=1&y=2',
  'HTTPS://MDM.EXAMPLE.COM/',
  'https://user:secret@mdm.example.com/',
  'https://mdm.example.com/enroll#step-2',
  'https://mdm.example.com/a%20b',
  'https://mdm.example.com./',
  'https://mdm.example.com:/enroll',
  'https://mdm.example.com?token=abc',
  'https://mdm.example.com/?filter=[a]',
  'https://mdm.example.com/a;b=c/d;e',
  "https://mdm.example.com/~user/(x)!*'",
  'http://localhost:8080',
  'https://123.example.com/',
  'mailto:it@example.com',
  'urn:isbn:0451450523',
  'ftp://ftp.example.com/file;type=a',
  'file:/etc/hosts',
];

const REJECTED = [
  '',
  'mdm.example.com/enroll',
  '/enroll',
  '//mdm.example.com/enroll',
  'https://',
  'https:///enroll',
  'https://:443/',
  'https:mdm.example.com',
  'https:/enroll',
  'https://exa mple.com/',
  ' https://mdm.example.com/',
  'https://mdm.example.com/a b',
  'https://mdm.example.com/café',
  'https://bücher.example/',
  'https://mdm.example.com/%zz',
  'https://mdm.example.com/%4',
  'https://mdm.example.com/<x>',
  'https://mdm.example.com/a\\b',
  'https://mdm.example.com/{x}',
  'https://mdm.example.com/a|b',
  'https://mdm.example.com/"q"',
  'https://mdm.example.com/^',
  'https://mdm.example.com/`',
  'https://mdm.example.com/\n',
  'https://mdm.example.com/path[1]',
  'https://mdm.example.com/#a#b',
  'https://[2001:db8::1/enroll',
  'https://2001:db8::1/enroll',
  'https://[2001:db8::g]/',
  'https://[1:2:3:4:5:6:7:8:9]/',
  'https://[1::2::3]/',
  'https://[fe80::1%25eth0]/',
  'https://[::1]x/',
  'https://mdm.example.com:99999/',
  'https://mdm.example.com:https/',
  'https://mdm.example.com:80:81/',
  'https://256.1.1.1/',
  'https://1.2.3/',
  'https://-mdm.example.com/',
  'https://mdm-.example.com/',
  'https://mdm..example.com/',
  'https://mdm_x.example.com/',
  'https://u@v@mdm.example.com/',
  '1https://mdm.example.com/',
  'ht tp://mdm.example.com/',
  ':enroll',
  'https:',
  'urn:',
];

describe('isAbsoluteUri', () => {
  for (const uri of ACCEPTED) {
    it(`accepts ${JSON.stringify(uri)}`, () => assert.equal(isAbsoluteUri(uri), true));
  }
  for (const uri of REJECTED) {
    it(`rejects ${JSON.stringify(uri)}`, () => assert.equal(isAbsoluteUri(uri), false));
  }
});

describe('host parts', () => {
  it('reads IPv6 text forms with one :: and an optional IPv4 tail', () => {
    for (const good of [
      '::',
      '::1',
      '1::',
      '1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7::',
      '::ffff:1.2.3.4',
      '1:2:3:4:5:6:1.2.3.4',
      'abcd::ef01',
    ]) {
      assert.equal(isIpv6Address(good), true, good);
    }
    for (const bad of [
      '',
      '1',
      ':1',
      '1:',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8::',
      '1:2:3:4:5:6:7:1.2.3.4',
      '1.2.3.4',
      '12345::',
      '::1.2.3.4:1',
      '::256.1.1.1',
      ':::',
    ]) {
      assert.equal(isIpv6Address(bad), false, bad);
    }
  });

  it('reads IPv4 octets up to 255 and hostnames whose last label starts with a letter', () => {
    assert.equal(isIpv4Address('255.255.255.255'), true);
    assert.equal(isIpv4Address('1.2.3.256'), false);
    assert.equal(isIpv4Address('1.2.3.0004'), false);
    assert.equal(isHostname('a-b.c9'), true);
    assert.equal(isHostname('example.com.'), true);
    assert.equal(isHostname('example.9com'), false);
    assert.equal(isHostname(''), false);
  });
});

describe('encodedUriLength', () => {
  const cases: [string, number][] = [
    ['abc', 3],
    ['a b', 5],
    ['é', 6],
    ['😀', 12],
    ['%41', 3],
    ['%zz', 5],
    ['%', 3],
    ['%4', 4],
    ['\ud800', 9],
    ['#[]', 3],
    ['<', 3],
  ];
  for (const [text, expected] of cases) {
    it(`counts ${JSON.stringify(text)} as ${expected}`, () => {
      assert.equal(encodedUriLength(text), expected);
    });
  }
});

const ALLOWED_ASCII = new Set(
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'();/?:@&=+$,[]#",
);

/** An independent encoder for '%'-free text, to check the measure against. */
function percentEncode(text: string): string {
  return [...text]
    .map((char) => (ALLOWED_ASCII.has(char) ? char : encodeURIComponent(char)))
    .join('');
}

const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom(...'ab:/?#[]@%.-1 é😀\ud800') }),
);

const urlHost = fc.oneof(
  fc.ipV4(),
  fc.ipV6().map((address) => `[${address}]`),
  fc.domain(),
  fc.constantFrom('localhost', 'mdm.example.com', '[2001:db8::1]'),
);
const pathCharacter = fc.constantFrom(..."az09-_.!~*'():@&=+$,;");
const pathSegment = fc.string({ unit: pathCharacter, maxLength: 12 });
const generatedUrl = fc
  .record({
    scheme: fc.constantFrom('http', 'https', 'HTTPS'),
    host: urlHost,
    port: fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }),
    segments: fc.array(pathSegment, { maxLength: 4 }),
    query: fc.option(fc.string({ unit: fc.constantFrom(...'az=&/?[]%20') }), { nil: undefined }),
  })
  .map(({ scheme, host, port, segments, query }) => {
    const authority = port === undefined ? host : `${host}:${port}`;
    const path = segments.map((segment) => `/${segment}`).join('');
    const search = query === undefined ? '' : `?${query.replaceAll('%', '%25')}`;
    return `${scheme}://${authority}${path}${search}`;
  });

describe('uri properties', () => {
  it('never throws and measures at least the UTF-16 length', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        assert.equal(typeof isAbsoluteUri(text), 'boolean');
        assert.ok(encodedUriLength(text) >= text.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('measures what an independent percent-encoder produces', () => {
    const percentFree = fc.string({ unit: 'binary' }).filter((text) => !text.includes('%'));
    fc.assert(
      fc.property(percentFree, (text) => {
        const encoded = percentEncode(text);
        assert.equal(encodedUriLength(text), encoded.length);
        assert.equal(encodedUriLength(encoded), encoded.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts generated http(s) URLs with IPv4, IPv6 and host names', () => {
    fc.assert(
      fc.property(generatedUrl, (url) => {
        assert.equal(isAbsoluteUri(url), true, url);
        assert.equal(encodedUriLength(url), url.length);
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts fast-check's RFC 3986 web URLs, all of which RFC 2396 also allows", () => {
    const webUrl = fc.webUrl({
      validSchemes: ['http', 'https'],
      authoritySettings: { withIPv4: true, withIPv6: true, withPort: true, withUserInfo: true },
      withQueryParameters: true,
      withFragments: true,
    });
    fc.assert(
      fc.property(webUrl, (url) => assert.equal(isAbsoluteUri(url), true, url)),
      {
        numRuns: 2000,
      },
    );
  });

  it('rejects a valid URL once a space or a non-ASCII character is put anywhere in it', () => {
    const intruder = fc.constantFrom(' ', 'é', '😀', '"', '<', '\t');
    fc.assert(
      fc.property(generatedUrl, intruder, fc.nat(), (url, char, at) => {
        const index = at % (url.length + 1);
        assert.equal(isAbsoluteUri(url.slice(0, index) + char + url.slice(index)), false);
      }),
      { numRuns: 1000 },
    );
  });
});
