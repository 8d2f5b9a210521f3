import { createHash } from 'node:crypto';
import {
  decideActivationLock,
  readActivationLockRequest,
  type ActivationLockStatus,
} from '../domain/activation-lock.js';
import { planDisown } from '../domain/device-lifecycle.js';
import { deviceRecord, type DeviceRecord } from '../domain/device-record.js';
import { viewDeviceRecord } from '../domain/device-view.js';
import { isVisibleTo, type DeviceOutcome } from '../domain/device.js';
import { distinctSerials } from '../domain/profile-assignment.js';
import { readDeviceList } from '../domain/serial-list.js';
import { AppleError } from '../errors/apple-codes.js';
import type { MdmServer } from '../storage/repository.js';
import type { ServiceContext } from './context.js';
import { removeFromOrganization } from './journal.js';

type DetailEntry = DeviceRecord | { response_status: 'NOT_ACCESSIBLE' };

function requiredSerials(body: Record<string, unknown>): string[] {
  const read = readDeviceList(body);
  if (!read.ok) throw new AppleError(read.code);
  return read.value;
}

/** POST /devices: each serial's record plus SUCCESS, or only NOT_ACCESSIBLE. */
export async function deviceDetails(
  ctx: ServiceContext,
  server: MdmServer,
  body: Record<string, unknown>,
  protocolVersion: number,
): Promise<{ devices: Record<string, DetailEntry> }> {
  const serials = distinctSerials(requiredSerials(body));
  const found = await ctx.storage.repo.getDevicesBySerial(serials);
  const devices: Record<string, DetailEntry> = {};
  for (const serial of serials) {
    const device = found.get(serial);
    devices[serial] = isVisibleTo(device, server.server_uuid)
      ? { ...viewDeviceRecord(deviceRecord(device), protocolVersion), response_status: 'SUCCESS' }
      : { response_status: 'NOT_ACCESSIBLE' };
  }
  return { devices };
}

/** POST /devices/disown: the server's devices leave the organization, journaled `deleted`. */
export async function disownDevices(
  ctx: ServiceContext,
  server: MdmServer,
  body: Record<string, unknown>,
): Promise<{ devices: Record<string, DeviceOutcome> }> {
  const serials = requiredSerials(body);
  const now = ctx.clock.now().getTime();
  const devices = await ctx.storage.transaction(async (repo) => {
    const plan = planDisown(serials, await repo.getDevicesBySerial(serials), server.server_uuid);
    await removeFromOrganization(repo, plan.leaving, now);
    return plan.results;
  });
  return { devices };
}

/** POST /device/activationlock: locks once; the outcome is in the body, as at Apple. */
export async function activationLock(
  ctx: ServiceContext,
  server: MdmServer,
  body: Record<string, unknown>,
): Promise<{ serial_number: string; response_status: ActivationLockStatus }> {
  const read = readActivationLockRequest(body);
  if (!read.ok) throw new AppleError(read.code);
  const { device: serial, escrowKey, lostMessage } = read.request;
  const now = ctx.clock.now().getTime();

  const status = await ctx.storage.transaction(async (repo) => {
    const device = (await repo.getDevicesBySerial([serial])).get(serial);
    const org = await repo.getOrganization(server.org_id);
    const decided = decideActivationLock({
      device,
      serverUuid: server.server_uuid,
      orgVersion: org?.org_version ?? 'v2',
      alreadyLocked: (await repo.deviceState.activationLock(serial)) !== undefined,
      escrowKey,
    });
    if (decided !== 'SUCCESS') return decided;
    const locked = await repo.deviceState.lock({
      serial_number: serial,
      locked_at: now,
      escrow_key_digest:
        escrowKey === null
          ? null
          : createHash('sha256').update(escrowKey.toUpperCase()).digest('hex'),
      lost_message: lostMessage,
    });
    return locked ? decided : 'DEVICE_ALREADY_LOCKED';
  });
  return { serial_number: serial, response_status: status };
}

/** Get Replacement Details exists from protocol version 10. */
export const REPLACEMENT_DETAILS_FROM_VERSION = 10;

/** GET /device/replacementDetails: only for this server's replacement devices. */
export async function replacementDetails(
  ctx: ServiceContext,
  server: MdmServer,
  serial: string | undefined,
  protocolVersion: number,
): Promise<{
  serial_number: string;
  original_device_serial_number: string;
  replacement_date: string;
}> {
  if (protocolVersion < REPLACEMENT_DETAILS_FROM_VERSION) throw new AppleError('NOT_FOUND');
  if (serial === undefined || serial.trim() === '') throw new AppleError('DEVICE_ID_REQUIRED');
  const device = (await ctx.storage.repo.getDevicesBySerial([serial.trim()])).get(serial.trim());
  if (
    !isVisibleTo(device, server.server_uuid) ||
    !device.is_replacement_device ||
    device.original_serial_number === null ||
    device.replacement_date === null
  ) {
    throw new AppleError('DEVICE_NOT_FOUND');
  }
  return {
    serial_number: device.serial_number,
    original_device_serial_number: device.original_serial_number,
    replacement_date: device.replacement_date,
  };
}
