const UNIT_SECONDS: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };
const DURATION = /^(-)?((?:\d+(?:\.\d+)?[dhms])+)$/;
const PART = /(\d+(?:\.\d+)?)([dhms])/g;

/**
 * Seconds in a duration written as a number of seconds (`90`, `-30`) or as units
 * (`3d`, `7d12h`, `90m`, `1h30m15s`, `-2h`). Undefined for anything else.
 */
export function parseDurationSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const match = DURATION.exec(trimmed);
  if (match === null || match[2] === undefined) return undefined;
  let total = 0;
  for (const [, amount, unit] of match[2].matchAll(PART)) {
    total += Number(amount) * (UNIT_SECONDS[unit ?? 's'] ?? 1);
  }
  return match[1] === '-' ? -total : total;
}
