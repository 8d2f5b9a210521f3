import type { ServerToken } from '../src/token/server-token.js';
import {
  appleCall,
  appleHeaders,
  benchSerials,
  PROFILE,
  signSession,
  USER_AGENT,
} from './dep-setup.js';
import type { LoadSpec } from './load.js';

/** A running opendep with one MDM server, its devices, a session and a profile. */
export interface World {
  url: string;
  token: ServerToken;
  serverUuid: string;
  session: string;
  profileUuid: string;
  deviceCount: number;
}

export interface Scenario {
  name: string;
  /** Which world it runs in: the small one (1000 devices) or the large one. */
  world: 'small' | 'large';
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

export const SCENARIOS: Scenario[] = [
  {
    name: 'GET /session',
    world: 'small',
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
    world: 'small',
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
    world: 'small',
    build: async (world) => ({
      method: 'GET',
      path: `/profile?profile_uuid=${world.profileUuid}`,
      headers: appleHeaders(world.session),
      connections: 10,
    }),
  },
  {
    name: 'assign 1000 devices',
    world: 'small',
    build: async (world) => ({
      method: 'POST',
      path: '/profile/devices',
      headers: appleHeaders(world.session),
      body: json({ profile_uuid: world.profileUuid, devices: benchSerials(1000) }),
      connections: 1,
    }),
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
