/**
 * The emulator's clock as the control plane moves it: an offset from the real (base) clock,
 * or a frozen instant. Pure arithmetic; where the state is kept is the caller's business.
 * Times are epoch milliseconds.
 */
export interface ClockState {
  offsetMs: number;
  /** When set, time stands still at this instant. */
  frozenAt: number | null;
}

export const REAL_TIME: ClockState = { offsetMs: 0, frozenAt: null };

/** What the emulator calls "now" when the base clock reads `baseMs`. */
export function emulatedNow(state: ClockState, baseMs: number): number {
  return state.frozenAt ?? baseMs + state.offsetMs;
}

/** The clock showing `targetMs` now; frozen there, or running on from it. */
export function clockSetTo(targetMs: number, baseMs: number, freeze: boolean): ClockState {
  return { offsetMs: targetMs - baseMs, frozenAt: freeze ? targetMs : null };
}

/** Moved by `ms` (negative moves back); a frozen clock stays frozen, later. */
export function clockAdvanced(state: ClockState, ms: number): ClockState {
  return {
    offsetMs: state.offsetMs + ms,
    frozenAt: state.frozenAt === null ? null : state.frozenAt + ms,
  };
}

/** Stopped at the instant it shows now. */
export function clockFrozen(state: ClockState, baseMs: number): ClockState {
  return { offsetMs: state.offsetMs, frozenAt: emulatedNow(state, baseMs) };
}

/** Running again from the instant it shows now. */
export function clockResumed(state: ClockState, baseMs: number): ClockState {
  return { offsetMs: emulatedNow(state, baseMs) - baseMs, frozenAt: null };
}

export function isRealTime(state: ClockState): boolean {
  return state.offsetMs === 0 && state.frozenAt === null;
}
