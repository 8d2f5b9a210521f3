import type { DeviceOutcome } from './device.js';

/**
 * How often one device may be given a profile: at most `maxAssignments` within any
 * `windowSeconds`. A `maxAssignments` of 0 turns throttling off.
 */
export interface ThrottleRule {
  maxAssignments: number;
  windowSeconds: number;
}

export const DEFAULT_THROTTLE_RULE: ThrottleRule = { maxAssignments: 10, windowSeconds: 3600 };

/** Apple added the THROTTLED status in version 9 and `retry_after_seconds` in version 10. */
export const THROTTLED_FROM_VERSION = 9;
export const RETRY_AFTER_FROM_VERSION = 10;

/**
 * Whether one more assignment of a device, given the times (epoch ms) of its earlier
 * successful assignments, is throttled now; if so, the whole seconds until it would not be.
 */
export function throttleVerdict(
  assignedAt: readonly number[],
  now: number,
  rule: ThrottleRule,
): { throttled: false } | { throttled: true; retryAfterSeconds: number } {
  if (rule.maxAssignments <= 0) return { throttled: false };
  const windowMs = rule.windowSeconds * 1000;
  const recent = assignedAt.filter((time) => time > now - windowMs).sort((a, b) => a - b);
  if (recent.length < rule.maxAssignments) return { throttled: false };

  // Enough of the oldest must age out to leave room for one more.
  const mustAgeOut = recent.length - rule.maxAssignments + 1;
  const freedAt = (recent[mustAgeOut - 1] as number) + windowMs;
  return { throttled: true, retryAfterSeconds: Math.max(1, Math.ceil((freedAt - now) / 1000)) };
}

/** What a throttled device answers: THROTTLED from version 9, FAILED before it existed. */
export function throttledOutcome(protocolVersion: number): DeviceOutcome {
  return protocolVersion >= THROTTLED_FROM_VERSION ? 'THROTTLED' : 'FAILED';
}
