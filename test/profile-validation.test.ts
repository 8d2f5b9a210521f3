import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import type { AppleErrorCode } from '../src/errors/apple-codes.js';
import {
  ISO_3166_1_ALPHA_2_CODES,
  ISO_639_1_CODES,
  ISO_639_2_CODES,
} from '../src/domain/locale-codes.js';
import {
  readSerialList,
  validateDefineProfile,
  type ProfileDefinition,
} from '../src/domain/profile-validation.js';

const URL = 'https://mdm.example.com/enroll';
const MINIMAL = { profile_name: 'Sales', url: URL };

const DEFAULT_FLAGS = {
  allow_pairing: true,
  is_supervised: false,
  is_multi_user: false,
  is_mandatory: false,
  await_device_configured: false,
  is_mdm_removable: true,
  auto_advance_setup: false,
  do_not_use_profile_from_backup: false,
  is_return_to_service: false,
};

const DEFINE_CODES: ReadonlySet<AppleErrorCode> = new Set<AppleErrorCode>([
  'MALFORMED_REQUEST_BODY',
  'CONFIG_NAME_REQUIRED',
  'CONFIG_NAME_INVALID',
  'CONFIG_URL_REQUIRED',
  'CONFIG_URL_INVALID',
  'FLAGS_INVALID',
  'DEPARTMENT_INVALID',
  'SUPPORT_PHONE_INVALID',
  'SUPPORT_EMAIL_INVALID',
  'MAGIC_INVALID',
  'LOCALE_INVALID',
]);

function codeOf(body: unknown): AppleErrorCode | 'OK' {
  const result = validateDefineProfile(body);
  return result.ok ? 'OK' : result.code;
}

function withMinimal(extra: Record<string, unknown>): Record<string, unknown> {
  return { ...MINIMAL, ...extra };
}

const EMOJI = '😀';

describe('validateDefineProfile: accepted bodies', () => {
  it('fills every flag with its default and leaves devices undefined', () => {
    const expected: ProfileDefinition = { ...MINIMAL, ...DEFAULT_FLAGS };
    assert.deepEqual(validateDefineProfile(MINIMAL), {
      ok: true,
      profile: expected,
      devices: undefined,
    });
  });

  it("stores the fact sheet's example and returns its devices apart", () => {
    const stored = {
      profile_name: 'Sales',
      url: URL,
      is_supervised: true,
      is_mdm_removable: false,
      await_device_configured: true,
      department: 'Sales',
      support_phone_number: '555-0100',
      support_email_address: 'it@example.com',
      org_magic: 'EXAMPLE-ORG',
      language: 'en',
      region: 'US',
      skip_setup_items: ['AppleID', 'Location', 'TOS'],
    };
    const devices = ['XQ0000000001', 'XQ0000000009'];
    const body = { ...stored, devices, profile_uuid: 'IGNORED', colour: 'red' };
    assert.deepEqual(validateDefineProfile(body), {
      ok: true,
      profile: { ...DEFAULT_FLAGS, ...stored },
      devices,
    });
  });

  it('reads JSON null as absent, for flags, texts, lists and devices', () => {
    const result = validateDefineProfile(
      withMinimal({
        is_supervised: null,
        department: null,
        skip_setup_items: null,
        devices: null,
      }),
    );
    const profile = { ...MINIMAL, ...DEFAULT_FLAGS };
    assert.deepEqual(result, { ok: true, profile, devices: undefined });
  });

  it('keeps an empty devices list as empty, not absent', () => {
    const result = validateDefineProfile(withMinimal({ devices: [] }));
    assert.equal(result.ok && result.devices?.length, 0);
  });

  it('stores copies, so later changes to the body do not leak in', () => {
    const skip = ['AppleID'];
    const devices = ['XQ1'];
    const result = validateDefineProfile(withMinimal({ skip_setup_items: skip, devices }));
    skip.push('TOS');
    devices.push('XQ2');
    assert.ok(result.ok);
    assert.deepEqual(result.profile.skip_setup_items, ['AppleID']);
    assert.deepEqual(result.devices, ['XQ1']);
  });

  it('accepts any skip_setup_items strings, anchor and host certs as given', () => {
    const lists = {
      skip_setup_items: ['NotARealKey', '', 'AppleID', 'AppleID'],
      anchor_certs: ['not base64!'],
      supervising_host_certs: [],
    };
    const result = validateDefineProfile(withMinimal(lists));
    assert.ok(result.ok);
    assert.deepEqual(result.profile, { ...MINIMAL, ...DEFAULT_FLAGS, ...lists });
  });

  it('ignores an own __proto__ key from JSON.parse', () => {
    const body: unknown = JSON.parse(`{"__proto__":{"is_supervised":"x"},"profile_name":"P",
      "url":"${URL}"}`);
    assert.equal(codeOf(body), 'OK');
  });
});

describe('validateDefineProfile: body and field types', () => {
  for (const body of [[], 'x', null, 5, true, undefined, [MINIMAL], new Date(), new Map()]) {
    it(`rejects a body of ${Object.prototype.toString.call(body)}`, () => {
      assert.equal(codeOf(body), 'MALFORMED_REQUEST_BODY');
    });
  }

  it('accepts a prototype-less object', () => {
    assert.equal(codeOf(Object.assign(Object.create(null), MINIMAL)), 'OK');
  });

  const wrongTypes: Record<string, unknown>[] = [
    { is_supervised: 'yes' },
    { allow_pairing: 1 },
    { is_return_to_service: [] },
    { devices: 'C02' },
    { devices: ['C02', 5] },
    { devices: ['C02', null] },
    { devices: {} },
    { profile_name: 5 },
    { url: ['https://a.example'] },
    { department: false },
    { language: {} },
    { configuration_web_url: 1 },
    { skip_setup_items: 'AppleID' },
    { skip_setup_items: [1] },
    { anchor_certs: [['x']] },
    { supervising_host_certs: true },
  ];
  for (const fields of wrongTypes) {
    it(`rejects ${JSON.stringify(fields)} as malformed`, () => {
      assert.equal(codeOf(withMinimal(fields)), 'MALFORMED_REQUEST_BODY');
    });
  }

  it('reports a wrong type before every other failure', () => {
    assert.equal(codeOf({ is_supervised: 'yes' }), 'MALFORMED_REQUEST_BODY');
  });

  it('turns an unreadable object into MALFORMED_REQUEST_BODY instead of throwing', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    assert.equal(codeOf(proxy), 'MALFORMED_REQUEST_BODY');
    const trap = new Proxy(
      {},
      {
        getOwnPropertyDescriptor: () => {
          throw new Error('no');
        },
      },
    );
    assert.equal(codeOf(trap), 'MALFORMED_REQUEST_BODY');
  });

  it('reads only own data properties, never getters', () => {
    const body = {
      url: URL,
      get profile_name(): string {
        throw new Error('read');
      },
    };
    assert.equal(codeOf(body), 'CONFIG_NAME_REQUIRED');
  });
});

describe('validateDefineProfile: profile_name', () => {
  const cases: [unknown, AppleErrorCode | 'OK'][] = [
    [undefined, 'CONFIG_NAME_REQUIRED'],
    [null, 'CONFIG_NAME_REQUIRED'],
    ['', 'CONFIG_NAME_INVALID'],
    [' ', 'OK'],
    ['a'.repeat(125), 'OK'],
    ['a'.repeat(126), 'CONFIG_NAME_INVALID'],
    [EMOJI.repeat(125), 'OK'],
    [EMOJI.repeat(126), 'CONFIG_NAME_INVALID'],
    ['é'.repeat(125), 'OK'],
    ['é'.repeat(126), 'CONFIG_NAME_INVALID'],
    ['e\u0301'.repeat(63), 'CONFIG_NAME_INVALID'],
    ['\ud800'.repeat(125), 'OK'],
  ];
  for (const [name, expected] of cases) {
    const label = typeof name === 'string' ? `${[...name].length} code points` : String(name);
    it(`${label} → ${expected}`, () => {
      assert.equal(codeOf({ url: URL, profile_name: name }), expected);
    });
  }
});

const URL_BASE = 'https://mdm.example.com/';

/** An https URL of exactly `length` characters, its path padded with 'a'. */
function urlOfLength(length: number): string {
  return URL_BASE + 'a'.repeat(length - URL_BASE.length);
}

/** Like urlOfLength, but the padding is mostly whole `%C3%A9` escapes. */
function escapedUrlOfLength(length: number): string {
  const room = length - URL_BASE.length;
  return URL_BASE + 'a'.repeat(room % 6) + '%C3%A9'.repeat(Math.floor(room / 6));
}

describe('validateDefineProfile: url and configuration_web_url', () => {
  const cases: [unknown, AppleErrorCode | 'OK'][] = [
    [undefined, 'CONFIG_URL_REQUIRED'],
    [null, 'CONFIG_URL_REQUIRED'],
    ['', 'CONFIG_URL_INVALID'],
    ['https://[2001:db8::1]:8443/enroll', 'OK'],
    ['mdm.example.com/enroll', 'CONFIG_URL_INVALID'],
    ['https://mdm.example.com/en roll', 'CONFIG_URL_INVALID'],
    ['https://mdm.example.com/café', 'CONFIG_URL_INVALID'],
    ['https://mdm.example.com/caf%C3%A9', 'OK'],
    [urlOfLength(2000), 'OK'],
    [urlOfLength(2001), 'CONFIG_URL_INVALID'],
    [escapedUrlOfLength(2000), 'OK'],
    [escapedUrlOfLength(2001), 'CONFIG_URL_INVALID'],
  ];
  for (const [url, expected] of cases) {
    const label = typeof url === 'string' && url.length > 60 ? `${url.length} chars` : url;
    it(`url ${String(label)} → ${expected}`, () => {
      assert.equal(codeOf({ profile_name: 'P', url }), expected);
    });
  }

  it('checks configuration_web_url the same way and stores it', () => {
    assert.equal(codeOf(withMinimal({ configuration_web_url: '' })), 'CONFIG_URL_INVALID');
    assert.equal(codeOf(withMinimal({ configuration_web_url: '/auth' })), 'CONFIG_URL_INVALID');
    const tooLong = urlOfLength(2001);
    assert.equal(codeOf(withMinimal({ configuration_web_url: tooLong })), 'CONFIG_URL_INVALID');
    const result = validateDefineProfile(withMinimal({ configuration_web_url: urlOfLength(2000) }));
    assert.equal(result.ok && result.profile.configuration_web_url, urlOfLength(2000));
  });
});

describe('validateDefineProfile: flags', () => {
  const cases: [Record<string, unknown>, AppleErrorCode | 'OK'][] = [
    [{ is_mdm_removable: false }, 'FLAGS_INVALID'],
    [{ is_mdm_removable: false, is_supervised: false }, 'FLAGS_INVALID'],
    [{ is_mdm_removable: false, is_supervised: null }, 'FLAGS_INVALID'],
    [{ is_mdm_removable: false, is_supervised: true }, 'OK'],
    [{ is_mdm_removable: true, is_supervised: false }, 'OK'],
    [{ is_supervised: true }, 'OK'],
  ];
  for (const [flags, expected] of cases) {
    it(`${JSON.stringify(flags)} → ${expected}`, () => {
      assert.equal(codeOf(withMinimal(flags)), expected);
    });
  }
});

const LENGTH_RULES: [string, number, AppleErrorCode][] = [
  ['department', 125, 'DEPARTMENT_INVALID'],
  ['support_phone_number', 50, 'SUPPORT_PHONE_INVALID'],
  ['support_email_address', 250, 'SUPPORT_EMAIL_INVALID'],
  ['org_magic', 256, 'MAGIC_INVALID'],
];

describe('validateDefineProfile: length-limited texts', () => {
  for (const [field, max, code] of LENGTH_RULES) {
    it(`${field}: empty → ${code}, ${max} code points OK, ${max + 1} → ${code}`, () => {
      assert.equal(codeOf(withMinimal({ [field]: '' })), code);
      assert.equal(codeOf(withMinimal({ [field]: EMOJI.repeat(max) })), 'OK');
      assert.equal(codeOf(withMinimal({ [field]: EMOJI.repeat(max + 1) })), code);
    });
  }

  it('checks only the length of support_email_address, not its shape', () => {
    assert.equal(codeOf(withMinimal({ support_email_address: 'call the help desk' })), 'OK');
  });
});

describe('validateDefineProfile: locale', () => {
  const cases: [Record<string, unknown>, AppleErrorCode | 'OK'][] = [
    [{ language: 'en' }, 'OK'],
    [{ language: 'en', region: 'US' }, 'OK'],
    [{ language: 'eng', region: 'GB' }, 'OK'],
    [{ language: 'ger' }, 'OK'],
    [{ language: 'deu' }, 'OK'],
    [{ language: 'EN' }, 'LOCALE_INVALID'],
    [{ language: 'En' }, 'LOCALE_INVALID'],
    [{ language: 'en', region: 'us' }, 'LOCALE_INVALID'],
    [{ region: 'US' }, 'LOCALE_INVALID'],
    [{ language: 'xx' }, 'LOCALE_INVALID'],
    [{ language: 'en-US' }, 'LOCALE_INVALID'],
    [{ language: 'en_US' }, 'LOCALE_INVALID'],
    [{ language: 'qaa' }, 'LOCALE_INVALID'],
    [{ language: 'qaa-qtz' }, 'LOCALE_INVALID'],
    [{ language: '' }, 'LOCALE_INVALID'],
    [{ language: 'en', region: '' }, 'LOCALE_INVALID'],
    [{ language: 'en', region: 'USA' }, 'LOCALE_INVALID'],
    [{ language: 'en', region: 'UK' }, 'LOCALE_INVALID'],
    [{ language: 'fr', region: 'FR' }, 'OK'],
  ];
  for (const [locale, expected] of cases) {
    it(`${JSON.stringify(locale)} → ${expected}`, () => {
      assert.equal(codeOf(withMinimal(locale)), expected);
    });
  }
});

describe('validateDefineProfile: order of checks', () => {
  // Each step fixes the failure reported by the step before it.
  const steps: [Record<string, unknown>, AppleErrorCode | 'OK'][] = [
    [{ devices: 'C02' }, 'MALFORMED_REQUEST_BODY'],
    [{ devices: ['C02'] }, 'CONFIG_NAME_REQUIRED'],
    [{ profile_name: '' }, 'CONFIG_NAME_INVALID'],
    [{ profile_name: 'P' }, 'CONFIG_URL_REQUIRED'],
    [{ url: 'not a url' }, 'CONFIG_URL_INVALID'],
    [{ url: URL }, 'CONFIG_URL_INVALID'],
    [{ configuration_web_url: URL }, 'FLAGS_INVALID'],
    [{ is_supervised: true }, 'DEPARTMENT_INVALID'],
    [{ department: 'IT' }, 'SUPPORT_PHONE_INVALID'],
    [{ support_phone_number: '555' }, 'SUPPORT_EMAIL_INVALID'],
    [{ support_email_address: 'a@b' }, 'MAGIC_INVALID'],
    [{ org_magic: 'M' }, 'LOCALE_INVALID'],
    [{ language: 'en' }, 'OK'],
  ];
  it('reports failures in the documented order', () => {
    let body: Record<string, unknown> = {
      configuration_web_url: 'relative',
      is_mdm_removable: false,
      department: '',
      support_phone_number: '',
      support_email_address: '',
      org_magic: '',
      region: 'US',
    };
    for (const [fix, expected] of steps) {
      body = { ...body, ...fix };
      assert.equal(codeOf(body), expected, JSON.stringify(fix));
    }
  });
});

describe('readSerialList', () => {
  it('copies an array of strings', () => {
    const input = ['XQ1', 'XQ2', 'XQ1'];
    const result = readSerialList(input);
    assert.deepEqual(result, { ok: true, serials: ['XQ1', 'XQ2', 'XQ1'] });
    assert.ok(result.ok && result.serials !== input);
  });

  it('reads absent and null as an empty list', () => {
    assert.deepEqual(readSerialList(undefined), { ok: true, serials: [] });
    assert.deepEqual(readSerialList(null), { ok: true, serials: [] });
  });

  for (const value of ['XQ1', 5, {}, ['XQ1', 2], [null], [['XQ1']]]) {
    it(`rejects ${JSON.stringify(value)}`, () => {
      assert.deepEqual(readSerialList(value), { ok: false, code: 'MALFORMED_REQUEST_BODY' });
    });
  }
});

// ---- properties ----

const KNOWN_KEYS = [
  'profile_name',
  'url',
  'devices',
  'skip_setup_items',
  'anchor_certs',
  'is_supervised',
  'is_mdm_removable',
  'department',
  'language',
  'region',
  'configuration_web_url',
  'org_magic',
];

const codePoints = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: 'binary', minLength, maxLength });

const validUrl = fc.oneof(
  fc.constantFrom(URL, 'https://[2001:db8::1]:8443/enroll', 'http://192.0.2.7/mdm?x=1'),
  fc.webUrl({ validSchemes: ['https'], authoritySettings: { withIPv6: true, withPort: true } }),
);
const languageCode = fc.constantFrom(...ISO_639_1_CODES, ...ISO_639_2_CODES);
const regionCode = fc.constantFrom(...ISO_3166_1_ALPHA_2_CODES);
const text = fc.string({ unit: 'binary', maxLength: 20 });

const validBody = fc
  .record(
    {
      profile_name: codePoints(1, 125),
      url: validUrl,
      allow_pairing: fc.boolean(),
      is_supervised: fc.boolean(),
      is_multi_user: fc.boolean(),
      is_mandatory: fc.boolean(),
      await_device_configured: fc.boolean(),
      auto_advance_setup: fc.boolean(),
      do_not_use_profile_from_backup: fc.boolean(),
      is_return_to_service: fc.boolean(),
      support_phone_number: codePoints(1, 50),
      support_email_address: codePoints(1, 250),
      org_magic: codePoints(1, 256),
      department: codePoints(1, 125),
      configuration_web_url: validUrl,
      anchor_certs: fc.array(text),
      supervising_host_certs: fc.array(text),
      skip_setup_items: fc.array(text),
      devices: fc.array(text),
    },
    { requiredKeys: ['profile_name', 'url'] },
  )
  .chain((body) =>
    fc
      .record(
        {
          // is_mdm_removable: false is only valid on a supervised profile.
          is_mdm_removable: body.is_supervised === true ? fc.boolean() : fc.constant(true),
          language: languageCode,
          region: regionCode,
        },
        { requiredKeys: [] },
      )
      .map((extra) => ({ ...body, ...extra }))
      .filter((full) => full.region === undefined || full.language !== undefined),
  );

describe('validateDefineProfile properties', () => {
  it('never throws on any JSON value and answers OK or a Define code', () => {
    const bodies = fc.oneof(
      fc.jsonValue(),
      fc.anything(),
      fc.dictionary(fc.constantFrom(...KNOWN_KEYS), fc.jsonValue()),
    );
    fc.assert(
      fc.property(bodies, (body) => {
        const code = codeOf(body);
        assert.ok(code === 'OK' || DEFINE_CODES.has(code), code);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts every valid body and stores it with defaults, without devices', () => {
    fc.assert(
      fc.property(validBody, (body) => {
        const result = validateDefineProfile(body);
        assert.ok(result.ok, result.ok ? '' : result.code);
        const { devices, ...stored } = body;
        assert.deepEqual(result.profile, { ...DEFAULT_FLAGS, ...stored });
        assert.deepEqual(result.devices, devices);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips: a stored profile, sent back through JSON, validates to itself', () => {
    fc.assert(
      fc.property(validBody, (body) => {
        const first = validateDefineProfile(body);
        assert.ok(first.ok);
        const again = validateDefineProfile(JSON.parse(JSON.stringify(first.profile)));
        assert.deepEqual(again, { ok: true, profile: first.profile, devices: undefined });
      }),
      { numRuns: 300 },
    );
  });

  it('counts profile_name in code points: 125 OK, 126 invalid', () => {
    fc.assert(
      fc.property(codePoints(125, 125), codePoints(126, 200), (fits, tooLong) => {
        assert.equal(codeOf({ url: URL, profile_name: fits }), 'OK');
        assert.equal(codeOf({ url: URL, profile_name: tooLong }), 'CONFIG_NAME_INVALID');
      }),
      { numRuns: 300 },
    );
  });

  it('holds every text length limit at its boundary for arbitrary code points', () => {
    const rule = fc.constantFrom(...LENGTH_RULES);
    const boundary = rule.chain(([field, max, code]) =>
      fc.tuple(
        fc.constant(field),
        fc.constant(code),
        codePoints(max, max),
        codePoints(max + 1, max + 1),
      ),
    );
    fc.assert(
      fc.property(boundary, ([field, code, fits, tooLong]) => {
        assert.equal(codeOf(withMinimal({ [field]: fits })), 'OK');
        assert.equal(codeOf(withMinimal({ [field]: tooLong })), code);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a language or region code in the wrong case', () => {
    const pair = fc.tuple(fc.constantFrom(...ISO_639_1_CODES), regionCode);
    fc.assert(
      fc.property(pair, ([language, region]) => {
        assert.equal(codeOf(withMinimal({ language: language.toUpperCase() })), 'LOCALE_INVALID');
        const lowerRegion = region.toLowerCase();
        assert.equal(codeOf(withMinimal({ language, region: lowerRegion })), 'LOCALE_INVALID');
      }),
    );
  });
});
