import { deviceRecord } from '../domain/device-record.js';
import type { Device } from '../domain/device.js';
import type { DeviceEvent, Repository } from '../storage/repository.js';

/**
 * Writes changed devices back and journals one `modified` record each for the server they
 * are on. Call inside the transaction that made the change.
 */
export async function saveModifiedDevices(
  repo: Repository,
  changed: readonly Device[],
  now: number,
): Promise<void> {
  const events: DeviceEvent[] = [];
  for (const device of changed) {
    await repo.updateDevice(device);
    if (device.server_uuid === null) continue;
    events.push({
      server_uuid: device.server_uuid,
      serial_number: device.serial_number,
      op_type: 'modified',
      op_date: now,
      record: deviceRecord(device),
    });
  }
  await repo.appendEvents(events);
}
