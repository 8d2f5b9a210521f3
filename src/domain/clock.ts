/** Where "now" comes from. Everything time-dependent takes a Clock, so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved; for tests and the control plane's clock. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date): void {
    this.current = to.getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

/** Apple's date-time format: ISO-8601 UTC with `Z` and no fraction. */
export function formatAppleDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
