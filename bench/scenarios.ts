import type { ServerToken } from '../src/token/server-token.js';
import { appleCall, appleHeaders, PROFILE, signSession, USER_AGENT } from './dep-setup.js';
import type { LoadSpec } from './load.js';

/** A running opendep with one MDM server, its devices, a session and a profile. */
export interface World {
  url: string;
  token: ServerToken;
  serverUuid: string;
  session: string;
  profileUuid: string;
  deviceCount: number;
  /** The first fetch page's serials (up to 1000 of the server's devices). */
  serials: string[];
  /** The first fetch page's cursor: sync from it replays what changed since. */
  fetchCursor: string;
}

export interface Scenario {
  name: string;
  /** Which worlds it runs in: the small one (1000 devices), the large one, or both. */
  worlds: ReadonlyArray<'small' | 'large'>;
  /** Whether the world's size belongs in the name (device scenarios). */
  sized: boolean;
  /** Prepares what the scenario needs and says what to send. */
  build(world: World): Promise<LoadSpec>;
}

const json = (value: unknown): string => JSON.stringify(value);

/** What the ceiling server is loaded with: a Define-a-Profile request, headers and body. */
export const CEILING_LOAD: LoadSpec = {
  method: 'POST',
  path: '/profile',
  headers: appleHeaders('1700000000000O0A1B2C3DO' + '0'.repeat(48)),
  body: json(PROFILE),
  connections: 10,
};

const SMALL = ['small'] as const;
const BOTH = ['small', 'large'] as const;

export const SCENARIOS: Scenario[] = [
  {
    name: 'GET /session',
    worlds: SMALL,
    sized: false,
    build: async (world) => ({
      method: 'GET',
      path: '/session',
      headers: { 'user-agent': USER_AGENT },
      // Every request needs a nonce of its own and a fresh signature.
      prepare: (headers) => ({ ...headers, authorization: signSession(world.url, world.token) }),
      connections: 10,
    }),
  },
  {
    name: 'POST /profile',
    worlds: SMALL,
    sized: false,
    build: async (world) => ({
      method: 'POST',
      path: '/profile',
      headers: appleHeaders(world.session),
      body: json(PROFILE),
      connections: 10,
    }),
  },
  {
    name: 'GET /profile',
    worlds: SMALL,
    sized: false,
    build: async (world) => ({
      method: 'GET',
      path: `/profile?profile_uuid=${world.profileUuid}`,
      headers: appleHeaders(world.session),
      connections: 10,
    }),
  },
  {
    name: 'assign 1000',
    worlds: BOTH,
    sized: true,
    build: async (world) => ({
      method: 'POST',
      path: '/profile/devices',
      headers: appleHeaders(world.session),
      body: json({ profile_uuid: world.profileUuid, devices: world.serials }),
      connections: 1,
    }),
  },
  {
    name: 'fetch 1000',
    worlds: BOTH,
    sized: true,
    build: async (world) => ({
      method: 'POST',
      path: '/server/devices',
      headers: appleHeaders(world.session),
      body: json({ limit: 1000 }),
      connections: 1,
    }),
  },
  {
    name: 'sync 1000',
    worlds: BOTH,
    sized: true,
    build: async (world) => {
      // Changes after the fetch cursor's mark, so the sync page is full.
      const assign = { profile_uuid: world.profileUuid, devices: world.serials };
      await appleCall(world.url, world.session, 'POST', '/profile/devices', assign);
      return {
        method: 'POST',
        path: '/devices/sync',
        headers: appleHeaders(world.session),
        body: json({ cursor: world.fetchCursor, limit: 1000 }),
        connections: 1,
      };
    },
  },
];

/** Defines the profile every world's scenarios use. */
export async function defineBenchProfile(url: string, session: string): Promise<string> {
  const answer = await appleCall<{ profile_uuid: string }>(
    url,
    session,
    'POST',
    '/profile',
    PROFILE,
  );
  return answer.profile_uuid;
}
