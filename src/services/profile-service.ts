import type { DeviceOutcome } from '../domain/device.js';
import { newAppleUuid, normaliseAppleUuid } from '../domain/ids.js';
import { planAssign, planRemove } from '../domain/profile-assignment.js';
import { readSerialList, validateDefineProfile } from '../domain/profile-validation.js';
import { AppleError } from '../errors/apple-codes.js';
import type { MdmServer, Repository } from '../storage/repository.js';
import type { ServiceContext } from './context.js';
import { saveModifiedDevices } from './journal.js';

export interface DefineProfileResult {
  profile_uuid: string;
  devices: Record<string, DeviceOutcome>;
}

export interface AssignProfileResult {
  profile_uuid: string;
  devices: Record<string, DeviceOutcome>;
}

export interface RemoveProfileResult {
  devices: Record<string, DeviceOutcome>;
}

/** The body is already known to be a JSON object; a field of the wrong type is malformed. */
function serialsOf(body: Record<string, unknown>): string[] {
  if (body.devices === undefined || body.devices === null)
    throw new AppleError('DEVICE_ID_REQUIRED');
  const read = readSerialList(body.devices);
  if (!read.ok) throw new AppleError(read.code);
  if (read.serials.length === 0) throw new AppleError('DEVICE_ID_REQUIRED');
  return read.serials;
}

function profileUuidOf(body: Record<string, unknown>): string {
  const value = body.profile_uuid;
  if (value === undefined || value === null || value === '') {
    throw new AppleError('PROFILE_UUID_REQUIRED');
  }
  if (typeof value !== 'string') throw new AppleError('MALFORMED_REQUEST_BODY');
  return normaliseAppleUuid(value);
}

async function assignInTransaction(
  repo: Repository,
  server: MdmServer,
  profileUuid: string,
  serials: readonly string[],
  now: number,
): Promise<Record<string, DeviceOutcome>> {
  const devices = await repo.getDevicesBySerial(serials);
  const plan = planAssign(serials, devices, server.server_uuid, profileUuid, now);
  await saveModifiedDevices(repo, plan.changed, now);
  return plan.results;
}

/** POST /profile: a new immutable profile, assigned to `devices` in the same transaction. */
export async function defineProfile(
  ctx: ServiceContext,
  server: MdmServer,
  body: unknown,
): Promise<DefineProfileResult> {
  const validation = validateDefineProfile(body);
  if (!validation.ok) throw new AppleError(validation.code);

  const profileUuid = newAppleUuid();
  const now = ctx.clock.now().getTime();
  const serials = validation.devices ?? [];
  const devices = await ctx.storage.transaction(async (repo) => {
    await repo.insertProfile({
      profile_uuid: profileUuid,
      server_uuid: server.server_uuid,
      definition: { ...validation.profile },
      created_at: now,
    });
    if (serials.length === 0) return {};
    return assignInTransaction(repo, server, profileUuid, serials, now);
  });
  return { profile_uuid: profileUuid, devices };
}

/** GET /profile: the stored definition; another server's profile is as unknown as none. */
export async function getProfile(
  ctx: ServiceContext,
  server: MdmServer,
  rawUuid: string | undefined,
): Promise<Record<string, unknown>> {
  if (rawUuid === undefined || rawUuid.trim() === '') throw new AppleError('PROFILE_UUID_REQUIRED');
  const profile = await ctx.storage.repo.getProfile(normaliseAppleUuid(rawUuid.trim()));
  if (profile === undefined || profile.server_uuid !== server.server_uuid) {
    throw new AppleError('NOT_FOUND');
  }
  return { profile_uuid: profile.profile_uuid, ...profile.definition };
}

/** POST/PUT /profile/devices: checks profile_uuid, then devices, then that the profile exists. */
export async function assignProfile(
  ctx: ServiceContext,
  server: MdmServer,
  body: Record<string, unknown>,
): Promise<AssignProfileResult> {
  const profileUuid = profileUuidOf(body);
  const serials = serialsOf(body);
  const now = ctx.clock.now().getTime();

  const devices = await ctx.storage.transaction(async (repo) => {
    const profile = await repo.getProfile(profileUuid);
    if (profile === undefined || profile.server_uuid !== server.server_uuid) {
      throw new AppleError('NOT_FOUND');
    }
    return assignInTransaction(repo, server, profileUuid, serials, now);
  });
  return { profile_uuid: profileUuid, devices };
}

/** DELETE /profile/devices: `profile_uuid` is accepted and ignored, as at Apple. */
export async function removeProfile(
  ctx: ServiceContext,
  server: MdmServer,
  body: Record<string, unknown>,
): Promise<RemoveProfileResult> {
  const serials = serialsOf(body);
  const now = ctx.clock.now().getTime();
  const devices = await ctx.storage.transaction(async (repo) => {
    const found = await repo.getDevicesBySerial(serials);
    const plan = planRemove(serials, found, server.server_uuid);
    await saveModifiedDevices(repo, plan.changed, now);
    return plan.results;
  });
  return { devices };
}
