import { isVisibleTo, type Device, type DeviceOutcome } from './device.js';

/** What an assign or remove call decides: an outcome per serial and the devices it changes. */
export interface AssignmentPlan {
  results: Record<string, DeviceOutcome>;
  changed: Device[];
}

/** Serials in request order, each once; Apple answers one key per distinct serial. */
export function distinctSerials(serials: readonly string[]): string[] {
  return [...new Set(serials)];
}

/**
 * Assign `profileUuid` to each serial visible to `serverUuid`: the device takes the new
 * profile (one profile per device), status `assigned`, assign time now. Others answer
 * NOT_ACCESSIBLE and stay untouched.
 */
export function planAssign(
  serials: readonly string[],
  devices: ReadonlyMap<string, Device>,
  serverUuid: string,
  profileUuid: string,
  now: number,
): AssignmentPlan {
  const plan: AssignmentPlan = { results: {}, changed: [] };
  for (const serial of distinctSerials(serials)) {
    const device = devices.get(serial);
    if (!isVisibleTo(device, serverUuid)) {
      plan.results[serial] = 'NOT_ACCESSIBLE';
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
): AssignmentPlan {
  const plan: AssignmentPlan = { results: {}, changed: [] };
  for (const serial of distinctSerials(serials)) {
    const device = devices.get(serial);
    if (!isVisibleTo(device, serverUuid)) {
      plan.results[serial] = 'NOT_ACCESSIBLE';
      continue;
    }
    plan.results[serial] = 'SUCCESS';
    if (device.profile_uuid !== null && device.profile_status !== 'removed') {
      plan.changed.push({ ...device, profile_status: 'removed' });
    }
  }
  return plan;
}
