import { emulatedNow, REAL_TIME, type ClockState } from '../domain/clock-control.js';
import type { Clock } from '../domain/clock.js';

/**
 * The emulator's clock: a base clock (the system's, or a test's ManualClock) moved by the
 * control plane's offset or freeze. The state is pushed in from the shared cache, so
 * reading the time never waits on the database.
 */
export class ControlledClock implements Clock {
  private state: ClockState = REAL_TIME;

  constructor(readonly base: Clock) {}

  now(): Date {
    return new Date(emulatedNow(this.state, this.base.now().getTime()));
  }

  baseMs(): number {
    return this.base.now().getTime();
  }

  get current(): ClockState {
    return this.state;
  }

  apply(state: ClockState): void {
    this.state = state;
  }
}
