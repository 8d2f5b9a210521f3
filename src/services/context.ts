import type { Clock } from '../domain/clock.js';
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
}

/** Everything a service needs, handed in rather than reached for. */
export interface ServiceContext {
  storage: Storage;
  clock: Clock;
  settings: ServiceSettings;
}

export const DEFAULT_SETTINGS: ServiceSettings = {
  sessionTtlSeconds: 1800,
  oauthWindowSeconds: 300,
  userAgentDenyList: ['nanodep-godep/0'],
  defaultProtocolVersion: 1,
};
