import { DEFAULT_THROTTLE_RULE, type ThrottleRule } from '../domain/assign-throttle.js';
import type { Clock } from '../domain/clock.js';
import type { DeviceOperation, ForcedOutcome } from '../faults/device-outcome-rule.js';
import type { MdmServer } from '../storage/repository.js';
import type { Storage } from '../storage/storage.js';

/** Tunables of the emulated service, fixed at start. */
export interface ServiceSettings {
  /** Lifetime of an `auth_session_token`, seconds. */
  sessionTtlSeconds: number;
  /** How far an OAuth timestamp may be from now, either way, seconds. */
  oauthWindowSeconds: number;
  /** A User-Agent containing any of these (case-insensitive) answers USER_AGENT_INVALID. */
  userAgentDenyList: readonly string[];
  /** Protocol version assumed when X-Server-Protocol-Version is missing or unreadable. */
  defaultProtocolVersion: number;
  /** How often one device may be assigned a profile before assign answers THROTTLED. */
  assignThrottle: ThrottleRule;
}

/** Everything a service needs, handed in rather than reached for. */
export interface ServiceContext {
  storage: Storage;
  clock: Clock;
  /** Real time, when the control plane moves `clock` away from it. */
  baseClock?: Clock;
  settings: ServiceSettings;
  /** Account and token states set through the control plane; absent, nothing is refused. */
  accountGate?: AccountGate;
  /** Per-device outcomes and switches set through the control plane; absent, none. */
  controls?: ControlHooks;
}

/** What the services ask the control plane while planning. */
export interface ControlHooks {
  /** The outcome each marked serial of this call must answer. */
  forcedOutcomes(
    serials: readonly string[],
    operation: DeviceOperation,
    now: number,
  ): ReadonlyMap<string, ForcedOutcome>;
  /** One call used up of each counted mark in `forced`. */
  consumeOutcomes(forced: ReadonlyMap<string, ForcedOutcome>): Promise<void>;
  /** Journal a move between servers as Apple was seen to: `modified` + `removed`. */
  appleMoves(): boolean;
}

/** Throws the AppleError an account state calls for; returns when the server may go on. */
export interface AccountGate {
  /** On `GET /session`, once the OAuth signature is verified. */
  checkSession(server: MdmServer): void;
  /** On every other call, once the session is known to be valid. */
  checkCall(server: MdmServer): void;
}

export const DEFAULT_SETTINGS: ServiceSettings = {
  sessionTtlSeconds: 1800,
  oauthWindowSeconds: 300,
  userAgentDenyList: ['nanodep-godep/0'],
  defaultProtocolVersion: 1,
  assignThrottle: DEFAULT_THROTTLE_RULE,
};
