/**
 * Serials marked to answer a given per-device status on define, assign or remove, for a
 * number of calls or until a time. Pure: which marks apply to a call; the store counts down.
 */
export const FORCED_OUTCOMES = ['FAILED', 'THROTTLED', 'NOT_ACCESSIBLE'] as const;
export type ForcedOutcomeName = (typeof FORCED_OUTCOMES)[number];

export const DEVICE_OPERATIONS = ['define', 'assign', 'remove'] as const;
export type DeviceOperation = (typeof DEVICE_OPERATIONS)[number];

export interface DeviceOutcomeRule {
  id: string;
  serial: string;
  outcome: ForcedOutcomeName;
  operations: readonly DeviceOperation[];
  /** For THROTTLED: the wait reported in `retry_after_seconds` (protocol 10+). */
  retryAfterSeconds: number | null;
  /** Calls left; null for no count limit. */
  remaining: number | null;
  /** Epoch ms after which the mark is gone; null for no time limit. */
  expiresAt: number | null;
  createdAt: number;
}

/** What the planner is told about one serial. */
export interface ForcedOutcome {
  outcome: ForcedOutcomeName;
  retryAfterSeconds: number;
  ruleId: string;
}

export function isLive(rule: DeviceOutcomeRule, now: number): boolean {
  if (rule.remaining !== null && rule.remaining <= 0) return false;
  return rule.expiresAt === null || now < rule.expiresAt;
}

/**
 * The forced outcome of each serial of a call, the oldest live mark winning. THROTTLED
 * waits at least until the mark ends when it ends by time.
 */
export function forcedOutcomes(
  rules: readonly DeviceOutcomeRule[],
  serials: readonly string[],
  operation: DeviceOperation,
  now: number,
): Map<string, ForcedOutcome> {
  const wanted = new Set(serials);
  const forced = new Map<string, ForcedOutcome>();
  const ordered = [...rules].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  for (const rule of ordered) {
    if (!wanted.has(rule.serial) || forced.has(rule.serial)) continue;
    if (!rule.operations.includes(operation) || !isLive(rule, now)) continue;
    const untilEnd = rule.expiresAt === null ? 0 : Math.ceil((rule.expiresAt - now) / 1000);
    forced.set(rule.serial, {
      outcome: rule.outcome,
      retryAfterSeconds: Math.max(1, rule.retryAfterSeconds ?? untilEnd),
      ruleId: rule.id,
    });
  }
  return forced;
}
