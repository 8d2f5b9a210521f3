import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAMILY_OS } from '../src/domain/device-catalog.js';
import { generateDeviceSpec, hardwareFor } from '../src/domain/device-generator.js';
import { eid, imei, luhnDigit, macAddress, meidOf } from '../src/domain/hardware-ids.js';
import { modelCodeOf, seededRandom, serialFor } from '../src/domain/serial-formats.js';

const NOW = Date.UTC(2025, 4, 1);

describe('serial numbers of three eras', () => {
  it('11 characters up to 2009, 12 until 2020, 10 from 2021', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 200; i += 1) {
      assert.match(serialFor(2009, 'MacBook', random), /^[A-Z0-9]{2}9\d{2}[A-Z0-9]{3}[A-Z0-9]{3}$/);
      assert.match(serialFor(2015, 'iPad mini 4', random), /^[A-Z0-9]{3}[C-Z][1-9C-Y][A-Z0-9]{7}$/);
      assert.match(serialFor(2024, 'iPhone 15', random), /^[B-Y][0-9A-Z]{9}$/);
    }
  });

  it('ends with the same model code for every unit of a model (older eras)', () => {
    const random = seededRandom(1);
    const code = modelCodeOf('MacBook Pro', 4);
    for (let i = 0; i < 20; i += 1)
      assert.ok(serialFor(2015, 'MacBook Pro', random).endsWith(code));
  });
});

describe('hardware identifiers', () => {
  it('makes valid IMEIs (Luhn), MEIDs from them, EIDs that are 1 mod 97, Apple MACs', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 100; i += 1) {
      const value = imei(random);
      assert.match(value, /^35\d{13}$/);
      assert.equal(luhnDigit(value.slice(0, 14)), value[14]);
      assert.equal(meidOf(value), value.slice(0, 14));
      const id = eid(random);
      assert.match(id, /^89049032\d{24}$/);
      assert.equal(BigInt(id) % 97n, 1n);
      assert.match(macAddress(random), /^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
    }
    assert.equal(luhnDigit('49015420323751'), '8');
  });

  it('gives each kind of device the identifiers it has', () => {
    const random = seededRandom(5);
    const phone = hardwareFor({ family: 'iPhone', description: 'IPHONE 15', year: 2023 }, random);
    assert.equal(phone.imei.length, 2);
    assert.equal(phone.meid.length, 1);
    assert.ok(phone.eid !== null);
    const oldPhone = hardwareFor({ family: 'iPhone', description: 'IPHONE 8', year: 2017 }, random);
    assert.deepEqual([oldPhone.imei.length, oldPhone.eid], [1, null]);
    const wifiPad = hardwareFor({ family: 'iPad', description: 'IPAD WI-FI', year: 2022 }, random);
    assert.deepEqual([wifiPad.imei, wifiPad.meid, wifiPad.eid], [[], [], null]);
    const mini = hardwareFor(
      { family: 'Mac', description: 'MAC MINI', year: 2024, ethernet: true },
      random,
    );
    assert.ok(mini.ethernet_mac_address !== null && mini.wifi_mac_address !== null);
    assert.equal(
      hardwareFor({ family: 'Mac', description: 'MBA', year: 2024 }, random).ethernet_mac_address,
      null,
    );
  });
});

describe('generated devices', () => {
  it('are the same for the same seed, and mix families, eras and colors', () => {
    const first = Array.from(
      { length: 50 },
      (
        (random) => () =>
          generateDeviceSpec(random, NOW)
      )(seededRandom(9)),
    );
    const again = Array.from(
      { length: 50 },
      (
        (random) => () =>
          generateDeviceSpec(random, NOW)
      )(seededRandom(9)),
    );
    assert.deepEqual(first, again);

    const random = seededRandom(11);
    const many = Array.from({ length: 5000 }, () => generateDeviceSpec(random, NOW));
    const families = new Set(many.map((spec) => spec.device_family));
    assert.deepEqual([...families].sort(), Object.keys(FAMILY_OS).sort());
    const lengths = new Set(many.map((spec) => spec.serial_number.length));
    assert.deepEqual([...lengths].sort(), [10, 11, 12]);
    for (const spec of many) {
      assert.equal(spec.os, FAMILY_OS[spec.device_family as keyof typeof FAMILY_OS]);
      assert.ok(spec.description.endsWith(spec.color), spec.description);
      if (spec.is_replacement_device) {
        assert.match(spec.replacement_date ?? '', /^\d{4}-\d{2}-\d{2}$/);
        assert.ok(spec.original_serial_number !== null);
      } else {
        assert.deepEqual([spec.original_serial_number, spec.replacement_date], [null, null]);
      }
    }
    assert.ok(many.some((spec) => spec.is_replacement_device));
    assert.ok(many.some((spec) => spec.asset_tag !== null));
  });
});
