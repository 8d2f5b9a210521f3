import { CATALOG, FAMILY_OS, type CatalogModel, type DeviceFamily } from './device-catalog.js';
import type { DeviceSpec } from './device.js';
import { eid, imei, macAddress, meidOf } from './hardware-ids.js';
import type { NewDevice } from './new-device.js';
import { serialFor, type Random } from './serial-formats.js';

/** How an organization's fleet splits across families, in percent. */
const FAMILY_WEIGHTS: ReadonlyArray<readonly [DeviceFamily, number]> = [
  ['iPhone', 40],
  ['iPad', 25],
  ['Mac', 28],
  ['AppleTV', 4],
  ['Vision', 1],
  ['iPod', 2],
];
const REPLACEMENT_SHARE = 0.005;
const ASSET_TAG_SHARE = 0.1;
const DAY_MS = 24 * 3600 * 1000;

type Hardware = Pick<
  DeviceSpec,
  'eid' | 'ethernet_mac_address' | 'wifi_mac_address' | 'bluetooth_mac_address' | 'imei' | 'meid'
>;

/**
 * Identifiers a device of this kind reports: Wi-Fi and Bluetooth always, Ethernet when it
 * has a port, IMEI/MEID when it has a cellular modem (two IMEIs and an EID on the
 * eSIM-era iPhones from 2018, one IMEI and an EID on eSIM-era cellular iPads).
 */
export function hardwareFor(
  kind: { family: string; description: string; year: number; ethernet?: boolean },
  random: Random,
): Hardware {
  const cellular =
    kind.family === 'iPhone' || (kind.family === 'iPad' && kind.description.includes('CELLULAR'));
  const esim = cellular && kind.year >= 2018;
  const imeis = !cellular
    ? []
    : [imei(random), ...(kind.family === 'iPhone' && esim ? [imei(random)] : [])];
  return {
    eid: esim ? eid(random) : null,
    ethernet_mac_address: kind.ethernet === true ? macAddress(random) : null,
    wifi_mac_address: macAddress(random),
    bluetooth_mac_address: macAddress(random),
    imei: imeis,
    meid: imeis.slice(0, 1).map(meidOf),
  };
}

function pickFamily(random: Random): DeviceFamily {
  let roll = random() * 100;
  for (const [family, weight] of FAMILY_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return family;
  }
  return 'iPhone';
}

const MODELS_BY_FAMILY = new Map<string, CatalogModel[]>();
for (const entry of CATALOG) {
  MODELS_BY_FAMILY.set(entry.family, [...(MODELS_BY_FAMILY.get(entry.family) ?? []), entry]);
}

function pickModel(random: Random): CatalogModel {
  const models = MODELS_BY_FAMILY.get(pickFamily(random)) ?? [];
  return models[Math.floor(random() * models.length)] ?? (CATALOG[0] as CatalogModel);
}

function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** One plausible device: a catalog model, its era's serial format, color, identifiers. */
export function generateDeviceSpec(random: Random, now: number): DeviceSpec {
  const entry = pickModel(random);
  const color = entry.colors[Math.floor(random() * entry.colors.length)] ?? 'SILVER';
  const replacement = random() < REPLACEMENT_SHARE;
  return {
    serial_number: serialFor(entry.year, entry.model, random),
    model: entry.model,
    description: `${entry.description} ${color}`,
    color,
    asset_tag: random() < ASSET_TAG_SHARE ? `ASSET-${String(Math.floor(random() * 1e6))}` : null,
    os: FAMILY_OS[entry.family],
    device_family: entry.family,
    ...hardwareFor(entry, random),
    is_replacement_device: replacement,
    original_serial_number: replacement ? serialFor(entry.year, entry.model, random) : null,
    replacement_date: replacement ? utcDay(now - Math.floor(random() * 365) * DAY_MS) : null,
  };
}

/** A device the control plane was given by hand, with identifiers generated to match. */
export function specOfNewDevice(device: NewDevice, random: Random): DeviceSpec {
  const entry = CATALOG.find((candidate) => candidate.model === device.model);
  return {
    ...device,
    ...hardwareFor(
      {
        family: device.device_family,
        description: device.description,
        year: entry?.year ?? 2024,
        ...(entry?.ethernet === true ? { ethernet: true } : {}),
      },
      random,
    ),
    is_replacement_device: false,
    original_serial_number: null,
    replacement_date: null,
  };
}
