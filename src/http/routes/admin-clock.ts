import type { FastifyInstance } from 'fastify';
import { changed, type ControlPlane } from '../../control/control-plane.js';
import {
  clockFrozen,
  clockResumed,
  clockSetTo,
  isRealTime,
  REAL_TIME,
} from '../../domain/clock-control.js';
import { formatAppleDate } from '../../domain/clock.js';
import { parseDurationSeconds } from '../../domain/duration.js';
import { CONTROL_SCHEMAS } from '../../openapi/control-schemas.js';
import { AdminError } from '../../services/admin-service.js';

interface ClockBody {
  set?: string;
  advance?: number | string;
  freeze?: boolean;
  resume?: boolean;
}

function clockJson(plane: ControlPlane): Record<string, unknown> {
  const state = plane.clock.current;
  return {
    now: formatAppleDate(plane.clock.now()),
    real_time: isRealTime(state),
    frozen: state.frozenAt !== null,
    offset_seconds: Math.round((plane.clock.now().getTime() - plane.clock.baseMs()) / 1000),
  };
}

function advanceMs(value: number | string): number {
  const seconds = typeof value === 'number' ? value : parseDurationSeconds(value);
  if (seconds === undefined) throw new AdminError(400, 'advance must be seconds or like "3d"');
  return Math.round(seconds * 1000);
}

/**
 * The emulator's clock. One request may set, then advance, then freeze or resume, in
 * that order; each step is a separate atomic change of the shared state.
 */
export function registerClockRoutes(app: FastifyInstance, plane: ControlPlane): void {
  app.get('/clock', { schema: CONTROL_SCHEMAS.getClock }, async () => clockJson(plane));

  app.post('/clock', { schema: CONTROL_SCHEMAS.moveClock }, async (request) => {
    const body = request.body as ClockBody;
    if (body.freeze === true && body.resume === true) {
      throw new AdminError(400, 'freeze and resume together make no sense');
    }
    const store = plane.store;
    if (body.set !== undefined) {
      const target = Date.parse(body.set);
      if (Number.isNaN(target)) throw new AdminError(400, 'set must be an ISO-8601 date-time');
      const stayFrozen = body.freeze ?? plane.clock.current.frozenAt !== null;
      await store.setClock(clockSetTo(target, plane.clock.baseMs(), stayFrozen));
      await changed(plane);
    }
    if (body.advance !== undefined) {
      await store.advanceClock(advanceMs(body.advance));
      await changed(plane);
    }
    if (body.freeze === true && plane.clock.current.frozenAt === null) {
      await store.setClock(clockFrozen(plane.clock.current, plane.clock.baseMs()));
      await changed(plane);
    }
    if (body.resume === true && plane.clock.current.frozenAt !== null) {
      await store.setClock(clockResumed(plane.clock.current, plane.clock.baseMs()));
      await changed(plane);
    }
    return clockJson(plane);
  });

  app.delete('/clock', { schema: CONTROL_SCHEMAS.resetClock }, async () => {
    await plane.store.setClock(REAL_TIME);
    await changed(plane);
    return clockJson(plane);
  });
}
