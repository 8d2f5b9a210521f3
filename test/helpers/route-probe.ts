/**
 * Whether the emulator serves the device endpoints yet (issue 3). Tests of those
 * endpoints skip, saying why, until `POST /server/devices` stops answering 404.
 */
import type { ServerToken } from '../../src/token/server-token.js';
import { appleCall, sessionFor } from './test-server.js';

export const WAITING_FOR_DEVICE_ROUTES = 'waiting for the device endpoints (issue 3)';

export async function deviceRoutesReady(baseUrl: string, token: ServerToken): Promise<boolean> {
  const session = await sessionFor(baseUrl, token);
  const answer = await appleCall(baseUrl, session, 'POST', '/server/devices', { body: {} });
  return answer.status !== 404;
}
