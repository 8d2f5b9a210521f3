import type { DeviceOutcome } from '../domain/device.js';
import { newAppleUuid, normaliseAppleUuid } from '../domain/ids.js';
import { planAssign, planRemove } from '../domain/profile-assignment.js';
import { validateDefineProfile } from '../domain/profile-validation.js';
import { readDeviceList } from '../domain/serial-list.js';
import { throttleVerdict, type ThrottleRule } from '../domain/assign-throttle.js';
import { profileView } from '../domain/profile-view.js';
import { AppleError } from '../errors/apple-codes.js';
import type { ForcedOutcome } from '../faults/device-outcome-rule.js';
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
  retry_after_seconds?: number;
}

export interface RemoveProfileResult {
  devices: Record<string, DeviceOutcome>;
}

/** The body is already known to be a JSON object; a field of the wrong type is malformed. */
function serialsOf(body: Record<string, unknown>): string[] {
  const read = readDeviceList(body);
  if (!read.ok) throw new AppleError(read.code);
  return read.value;
}

function profileUuidOf(body: Record<string, unknown>): string {
  const value = body.profile_uuid;
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw new AppleError('MALFORMED_REQUEST_BODY');
  }
  // Blank counts as missing here, as it does for Get a Profile's query parameter.
  if (value === undefined || value === null || value.trim() === '') {
    throw new AppleError('PROFILE_UUID_REQUIRED');
  }
  return normaliseAppleUuid(value.trim());
}

/** Devices assigned too often lately, with the seconds each must wait. */
async function throttledDevices(
  repo: Repository,
  serials: readonly string[],
  now: number,
  rule: ThrottleRule,
): Promise<Map<string, number>> {
  const throttled = new Map<string, number>();
  if (rule.maxAssignments <= 0) return throttled;
  const history = await repo.deviceState.assignmentsSince(serials, now - rule.windowSeconds * 1000);
  for (const [serial, times] of history) {
    const verdict = throttleVerdict(times, now, rule);
    if (verdict.throttled) throttled.set(serial, verdict.retryAfterSeconds);
  }
  return throttled;
}

interface AssignRequest {
  server: MdmServer;
  profileUuid: string;
  serials: readonly string[];
  now: number;
  protocolVersion: number;
  rule: ThrottleRule;
  forced?: ReadonlyMap<string, ForcedOutcome>;
}

async function assignInTransaction(repo: Repository, request: AssignRequest) {
  const { server, serials, now } = request;
  const devices = await repo.getDevicesBySerial(serials);
  const throttled = await throttledDevices(repo, serials, now, request.rule);
  const throttling = { throttled, protocolVersion: request.protocolVersion };
  const { profileUuid, forced } = request;
  const plan = planAssign(
    serials,
    devices,
    server.server_uuid,
    profileUuid,
    now,
    throttling,
    forced,
  );
  await saveModifiedDevices(repo, plan.changed, now, devices);
  await repo.deviceState.recordAssignments(
    plan.changed.map((device) => device.serial_number),
    now,
  );
  return plan;
}

/**
 * POST /profile: a new immutable profile, assigned to `devices` in the same transaction
 * (throttled like assign; DefineProfileResponse has no retry_after_seconds).
 */
export async function defineProfile(
  ctx: ServiceContext,
  server: MdmServer,
  body: unknown,
  protocolVersion = ctx.settings.defaultProtocolVersion,
): Promise<DefineProfileResult> {
  const validation = validateDefineProfile(body);
  if (!validation.ok) throw new AppleError(validation.code);

  const profileUuid = newAppleUuid();
  const now = ctx.clock.now().getTime();
  const serials = validation.devices ?? [];
  const forced = ctx.controls?.forcedOutcomes(serials, 'define', now) ?? new Map();
  const devices = await ctx.storage.transaction(async (repo) => {
    await repo.insertProfile({
      profile_uuid: profileUuid,
      server_uuid: server.server_uuid,
      definition: { ...validation.profile },
      created_at: now,
    });
    if (serials.length === 0) return {};
    const rule = ctx.settings.assignThrottle;
    const request = { server, profileUuid, serials, now, protocolVersion, rule, forced };
    return (await assignInTransaction(repo, request)).results;
  });
  await ctx.controls?.consumeOutcomes(forced);
  return { profile_uuid: profileUuid, devices };
}

/** GET /profile: the stored definition; another server's profile is as unknown as none. */
export async function getProfile(
  ctx: ServiceContext,
  server: MdmServer,
  rawUuid: string | undefined,
  protocolVersion: number,
): Promise<Record<string, unknown>> {
  if (rawUuid === undefined || rawUuid.trim() === '') throw new AppleError('PROFILE_UUID_REQUIRED');
  const profile = await ctx.storage.repo.getProfile(normaliseAppleUuid(rawUuid.trim()));
  if (profile === undefined || profile.server_uuid !== server.server_uuid) {
    throw new AppleError('NOT_FOUND');
  }
  return profileView(profile.profile_uuid, profile.definition, protocolVersion);
}

/**
 * POST/PUT /profile/devices: checks profile_uuid, then devices, then that the profile exists.
 * Devices assigned too often answer THROTTLED (FAILED before version 9), and from version
 * 10 the answer carries `retry_after_seconds`.
 */
export async function assignProfile(
  ctx: ServiceContext,
  server: MdmServer,
  body: Record<string, unknown>,
  protocolVersion = ctx.settings.defaultProtocolVersion,
): Promise<AssignProfileResult> {
  const profileUuid = profileUuidOf(body);
  const serials = serialsOf(body);
  const now = ctx.clock.now().getTime();
  const forced = ctx.controls?.forcedOutcomes(serials, 'assign', now) ?? new Map();

  const plan = await ctx.storage.transaction(async (repo) => {
    const profile = await repo.getProfile(profileUuid);
    if (profile === undefined || profile.server_uuid !== server.server_uuid) {
      throw new AppleError('NOT_FOUND');
    }
    const rule = ctx.settings.assignThrottle;
    const request = { server, profileUuid, serials, now, protocolVersion, rule, forced };
    return assignInTransaction(repo, request);
  });
  await ctx.controls?.consumeOutcomes(forced);
  const result: AssignProfileResult = { profile_uuid: profileUuid, devices: plan.results };
  if (plan.retryAfterSeconds !== undefined) result.retry_after_seconds = plan.retryAfterSeconds;
  return result;
}

/** DELETE /profile/devices: `profile_uuid` is accepted and ignored, as at Apple. */
export async function removeProfile(
  ctx: ServiceContext,
  server: MdmServer,
  body: Record<string, unknown>,
): Promise<RemoveProfileResult> {
  const serials = serialsOf(body);
  const now = ctx.clock.now().getTime();
  const forced = ctx.controls?.forcedOutcomes(serials, 'remove', now) ?? new Map();
  const devices = await ctx.storage.transaction(async (repo) => {
    const found = await repo.getDevicesBySerial(serials);
    const plan = planRemove(serials, found, server.server_uuid, forced);
    await saveModifiedDevices(repo, plan.changed, now, found);
    return plan.results;
  });
  await ctx.controls?.consumeOutcomes(forced);
  return { devices };
}
