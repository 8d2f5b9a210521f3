import { REAL_TIME } from '../domain/clock-control.js';
import type { ControlledClock } from './controlled-clock.js';
import type { ControlSnapshot, ControlStore } from './control-store.js';

const EMPTY: ControlSnapshot = {
  version: -1,
  clock: REAL_TIME,
  errorStyle: 'bare',
  appleMoves: false,
  rules: [],
  accountStates: [],
  deviceOutcomes: [],
  cursorQuirks: [],
};

/**
 * This instance's copy of the control state. `refresh` costs one primary-key read (the
 * version stamp and the clock); the rest is reloaded only when the version moved.
 */
export class ControlCache {
  private snapshot: ControlSnapshot = EMPTY;
  private reading: Promise<ControlSnapshot> | undefined;
  private queued: Promise<ControlSnapshot> | undefined;
  /** Counted rules this instance saw run out; they cannot come back without a new version. */
  private readonly spent = new Set<string>();

  constructor(
    private readonly store: ControlStore,
    private readonly clock: ControlledClock,
  ) {}

  get current(): ControlSnapshot {
    return this.snapshot;
  }

  /**
   * Up to date as of a stamp read that started after this call: requests arriving while a
   * read is in flight wait for the next one, which they then share.
   */
  refresh(): Promise<ControlSnapshot> {
    this.queued ??= (this.reading ?? Promise.resolve()).then(() => {
      this.queued = undefined;
      this.reading = this.readAndApply().finally(() => {
        this.reading = undefined;
      });
      return this.reading;
    });
    return this.queued;
  }

  private async readAndApply(): Promise<ControlSnapshot> {
    const stamp = await this.store.readStamp();
    if (stamp.version < this.snapshot.version) return this.snapshot;
    this.clock.apply(stamp.clock);
    if (stamp.version === this.snapshot.version) return this.snapshot;
    const loaded = await this.store.load();
    if (loaded.version >= this.snapshot.version) {
      this.snapshot = loaded;
      this.clock.apply(loaded.clock);
      this.spent.clear();
    }
    return this.snapshot;
  }

  isSpent(ruleId: string): boolean {
    return this.spent.has(ruleId);
  }

  markSpent(ruleId: string): void {
    this.spent.add(ruleId);
  }
}
