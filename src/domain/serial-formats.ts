/**
 * Apple serial numbers of three eras, as documented by repair and inventory tools:
 * - up to 2010, 11 characters: plant (2), last digit of the year, week (2), unit (3),
 *   model code (3);
 * - 2010 to 2020, 12 characters: plant (3), half-year letter, week-of-half letter,
 *   unit (3), model code (4);
 * - from 2021, 10 random characters.
 */
export type Random = () => number;

const ALNUM = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const PLANTS_11 = ['W8', 'YM', 'VM', 'CK', 'G8', 'RN', 'QT', '4H', 'SG', 'MB'];
const PLANTS_12 = ['C02', 'C07', 'C17', 'C39', 'DMP', 'DLX', 'DNP', 'DQG', 'F4H', 'F5K', 'F9F'];
const PLANTS_12_MORE = ['FK1', 'FVF', 'G0N', 'GG7', 'H4H', 'DX3'];
const HALF_YEARS = 'CDFGHJKLMNPQRSTVWXYZ';
const WEEKS_OF_HALF = '123456789CDFGHJKLMNPQRTVWXY';

function pick<T>(items: readonly T[] | string, random: Random): T | string {
  return items[Math.floor(random() * items.length)] as T | string;
}

function chars(count: number, random: Random): string {
  let out = '';
  for (let i = 0; i < count; i += 1) out += pick(ALNUM, random);
  return out;
}

/** A stable code of `length` characters for a model, like Apple's configuration codes. */
export function modelCodeOf(model: string, length: number): string {
  let hash = 2166136261;
  for (const char of model) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 16777619);
  let code = '';
  for (let i = 0; i < length; i += 1) {
    code += ALNUM[(hash >>> (i * 5)) % ALNUM.length];
  }
  return code;
}

/** A serial in the format of the era `year` belongs to; `model` fixes the model code. */
export function serialFor(year: number, model: string, random: Random): string {
  if (year >= 2021) return String(pick('BCDFGHJKLMNPQRTVWXY', random)) + chars(9, random);
  if (year <= 2009) {
    const week = String(1 + Math.floor(random() * 52)).padStart(2, '0');
    const plant = pick(PLANTS_11, random);
    return `${plant}${year % 10}${week}${chars(3, random)}${modelCodeOf(model, 3)}`;
  }
  const plant = pick(random() < 0.7 ? PLANTS_12 : PLANTS_12_MORE, random);
  const half = HALF_YEARS[((year - 2010) * 2 + (random() < 0.5 ? 0 : 1)) % HALF_YEARS.length];
  const week = pick(WEEKS_OF_HALF, random);
  return `${plant}${half}${week}${chars(3, random)}${modelCodeOf(model, 4)}`;
}

/** mulberry32: a small seeded generator, so tests can ask for the same devices twice. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
