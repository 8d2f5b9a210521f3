import { RETRY_AFTER_FROM_VERSION, throttledOutcome } from './assign-throttle.js';
import type { ForcedOutcome } from '../faults/device-outcome-rule.js';
import { isVisibleTo, type Device, type DeviceOutcome } from './device.js';

/** What an assign or remove call decides: an outcome per serial and the devices it changes. */
export interface AssignmentPlan {
  results: Record<string, DeviceOutcome>;
  changed: Device[];
  /** From version 10, when a device was throttled: the longest wait among them, seconds. */
  retryAfterSeconds?: number;
}

/** Devices that may not be assigned now (serial -> seconds to wait), and who is asking. */
export interface AssignThrottling {
  throttled: ReadonlyMap<string, number>;
  protocolVersion: number;
}

const NO_THROTTLING: AssignThrottling = { throttled: new Map(), protocolVersion: 1 };

/** Outcomes the control plane marked serials with (docs/faults.md); none by default. */
const NO_FORCED: ReadonlyMap<string, ForcedOutcome> = new Map();

/** Serials in request order, each once; Apple answers one key per distinct serial. */
export function distinctSerials(serials: readonly string[]): string[] {
  return [...new Set(serials)];
}

/**
 * Assign `profileUuid` to each serial visible to `serverUuid`: the device takes the new
 * profile (one profile per device), status `assigned`, assign time now. Others answer
 * NOT_ACCESSIBLE, and throttled ones THROTTLED (FAILED before version 9); both stay
 * untouched.
 */
export function planAssign(
  serials: readonly string[],
  devices: ReadonlyMap<string, Device>,
  serverUuid: string,
  profileUuid: string,
  now: number,
  throttling: AssignThrottling = NO_THROTTLING,
  forced: ReadonlyMap<string, ForcedOutcome> = NO_FORCED,
): AssignmentPlan {
  const plan: AssignmentPlan = { results: {}, changed: [] };
  let longestWait = 0;
  for (const serial of distinctSerials(serials)) {
    const device = devices.get(serial);
    if (!isVisibleTo(device, serverUuid)) {
      plan.results[serial] = 'NOT_ACCESSIBLE';
      continue;
    }
    const mark = forced.get(serial);
    if (mark !== undefined && mark.outcome !== 'THROTTLED') {
      plan.results[serial] = mark.outcome;
      continue;
    }
    const wait = mark?.retryAfterSeconds ?? throttling.throttled.get(serial);
    if (wait !== undefined) {
      plan.results[serial] = throttledOutcome(throttling.protocolVersion);
      longestWait = Math.max(longestWait, wait);
      continue;
    }
    plan.results[serial] = 'SUCCESS';
    plan.changed.push({
      ...device,
      profile_uuid: profileUuid,
      profile_status: 'assigned',
      profile_assign_time: now,
    });
  }
  if (longestWait > 0 && throttling.protocolVersion >= RETRY_AFTER_FROM_VERSION) {
    plan.retryAfterSeconds = longestWait;
  }
  return plan;
}

/**
 * Remove the profile from each visible serial: the device keeps the old `profile_uuid`
 * with status `removed` (what sync shows afterwards). A device that never had a profile
 * answers SUCCESS and is left as it is: there is nothing to remove.
 */
export function planRemove(
  serials: readonly string[],
  devices: ReadonlyMap<string, Device>,
  serverUuid: string,
  forced: ReadonlyMap<string, ForcedOutcome> = NO_FORCED,
): AssignmentPlan {
  const plan: AssignmentPlan = { results: {}, changed: [] };
  for (const serial of distinctSerials(serials)) {
    const device = devices.get(serial);
    if (!isVisibleTo(device, serverUuid)) {
      plan.results[serial] = 'NOT_ACCESSIBLE';
      continue;
    }
    const mark = forced.get(serial);
    if (mark !== undefined) {
      // Remove has no THROTTLED; the control plane refuses such marks, this is a backstop.
      plan.results[serial] = mark.outcome === 'THROTTLED' ? 'FAILED' : mark.outcome;
      continue;
    }
    plan.results[serial] = 'SUCCESS';
    if (device.profile_uuid !== null && device.profile_status !== 'removed') {
      plan.changed.push({ ...device, profile_status: 'removed' });
    }
  }
  return plan;
}
