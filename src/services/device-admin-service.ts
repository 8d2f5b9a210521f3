import { cloudConfiguration } from '../domain/activation-record.js';
import { CATALOG } from '../domain/device-catalog.js';
import { hardwareFor } from '../domain/device-generator.js';
import { arrivingDevices, planActivation, planMove } from '../domain/device-lifecycle.js';
import { deviceRecord } from '../domain/device-record.js';
import type { Device, DeviceSpec } from '../domain/device.js';
import { SERIAL_PATTERN } from '../domain/new-device.js';
import { serialFor } from '../domain/serial-formats.js';
import type { Repository } from '../storage/repository.js';
import { AdminError, DEFAULT_ADMIN_ID } from './admin-service.js';
import type { ServiceContext } from './context.js';
import {
  insertArrivingDevices,
  removeFromOrganization,
  saveModifiedDevices,
  saveMoves,
} from './journal.js';

/** What the portal's "assign to MDM server" does, as the control plane receives it. */
export interface MoveRequest {
  serials: string[];
  serverUuid: string | null;
  migrationDeadline: number | null;
}

async function existingDevices(repo: Repository, serials: readonly string[]): Promise<Device[]> {
  const found = await repo.getDevicesBySerial(serials);
  const missing = serials.find((serial) => !found.has(serial));
  if (missing !== undefined) throw new AdminError(404, `no device ${missing} in the organization`);
  return [...new Set(serials)].map((serial) => found.get(serial) as Device);
}

/** Moves devices to another MDM server or to none, all in one transaction. */
export async function moveDevices(
  ctx: ServiceContext,
  request: MoveRequest,
): Promise<Record<string, 'moved' | 'reassigned' | 'unchanged'>> {
  const now = ctx.clock.now().getTime();
  return ctx.storage.transaction(async (repo) => {
    if (request.serverUuid !== null && (await repo.getServer(request.serverUuid)) === undefined) {
      throw new AdminError(404, `no MDM server ${request.serverUuid}`);
    }
    const target = {
      serverUuid: request.serverUuid,
      now,
      assignedBy: DEFAULT_ADMIN_ID,
      migrationDeadline: request.migrationDeadline,
      appleStyle: ctx.controls?.appleMoves() ?? false,
    };
    const plans = (await existingDevices(repo, request.serials)).map((device) =>
      planMove(device, target),
    );
    await saveMoves(repo, plans, now);
    return Object.fromEntries(plans.map((plan) => [plan.device.serial_number, plan.kind]));
  });
}

/**
 * A device activating: what it is handed (its assigned profile and the cloud configuration
 * made from it), and its profile becomes `pushed`, journaled `modified`.
 */
export async function activateDevice(ctx: ServiceContext, serial: string) {
  const now = ctx.clock.now().getTime();
  return ctx.storage.transaction(async (repo) => {
    const [device] = await existingDevices(repo, [serial]);
    const activated = planActivation(device as Device, now);
    if ('refused' in activated) throw new AdminError(409, activated.refused);
    const profile = await repo.getProfile(activated.profile_uuid ?? '');
    if (profile === undefined) {
      throw new AdminError(409, `the profile of device ${serial} no longer exists`);
    }
    const org = await repo.getOrganization(activated.org_id);
    await saveModifiedDevices(repo, [activated], now);
    return {
      serial_number: serial,
      server_uuid: activated.server_uuid,
      profile_uuid: profile.profile_uuid,
      profile_status: activated.profile_status,
      profile_push_time: deviceRecord(activated).profile_push_time,
      profile: { profile_uuid: profile.profile_uuid, ...profile.definition },
      cloud_configuration: cloudConfiguration(profile.definition, {
        org_name: org?.org_name ?? '',
        org_address: org?.org_address ?? '',
      }),
    };
  });
}

function replacementSpec(original: Device, serial: string, now: number): DeviceSpec {
  const entry = CATALOG.find((candidate) => candidate.model === original.model);
  const kind = {
    family: original.device_family,
    description: original.description,
    year: entry?.year ?? 2024,
    ethernet: entry?.ethernet === true,
  };
  return {
    serial_number: serial,
    model: original.model,
    description: original.description,
    color: original.color,
    asset_tag: original.asset_tag,
    os: original.os,
    device_family: original.device_family,
    ...hardwareFor(kind, Math.random),
    is_replacement_device: true,
    original_serial_number: original.serial_number,
    replacement_date: new Date(now).toISOString().slice(0, 10),
  };
}

async function freeSerial(repo: Repository, wanted: unknown, model: string): Promise<string> {
  if (wanted !== undefined && wanted !== null) {
    if (typeof wanted !== 'string' || !SERIAL_PATTERN.test(wanted)) {
      throw new AdminError(400, 'replacement_serial must be 8-16 upper-case letters or digits');
    }
    if ((await repo.devices.existingSerials([wanted])).size > 0) {
      throw new AdminError(409, `serial ${wanted} is already in the organization`);
    }
    return wanted;
  }
  for (;;) {
    const serial = serialFor(2021, model, Math.random);
    if ((await repo.devices.existingSerials([serial])).size === 0) return serial;
  }
}

/**
 * An AppleCare replacement: the original leaves the organization (`deleted`, with
 * `released_by_replacement`), a new unit of the same model takes its place on the same
 * server (`added`, `is_replacement_device`), answerable by Get Replacement Details.
 */
export async function replaceDevice(ctx: ServiceContext, serial: string, wantedSerial: unknown) {
  const now = ctx.clock.now().getTime();
  return ctx.storage.transaction(async (repo) => {
    const [original] = (await existingDevices(repo, [serial])) as [Device];
    const spec = replacementSpec(
      original,
      await freeSerial(repo, wantedSerial, original.model),
      now,
    );
    await removeFromOrganization(repo, [original], now, true);
    const arrival = {
      orgId: original.org_id,
      serverUuid: original.server_uuid,
      now,
      assignedBy: DEFAULT_ADMIN_ID,
    };
    const [replacement] = await insertArrivingDevices(repo, arrivingDevices([spec], arrival), now);
    return { ...deviceRecord(replacement as Device), server_uuid: original.server_uuid };
  });
}
