import {
  forcedOutcomes,
  type DeviceOperation,
  type ForcedOutcome,
} from '../faults/device-outcome-rule.js';
import type { ControlHooks } from '../services/context.js';
import type { ControlPlane } from './control-plane.js';

const NONE: ReadonlyMap<string, ForcedOutcome> = new Map();

/** What the services ask the control plane while they plan: marks and switches. */
export function controlHooksOf(plane: ControlPlane): ControlHooks {
  return {
    forcedOutcomes(serials: readonly string[], operation: DeviceOperation, now: number) {
      const marks = plane.cache.current.deviceOutcomes;
      return marks.length === 0 ? NONE : forcedOutcomes(marks, serials, operation, now);
    },
    async consumeOutcomes(forced: ReadonlyMap<string, ForcedOutcome>): Promise<void> {
      const counted = plane.cache.current.deviceOutcomes
        .filter((mark) => mark.remaining !== null)
        .map((mark) => mark.id);
      const used = [...forced.values()]
        .map((mark) => mark.ruleId)
        .filter((id) => counted.includes(id));
      if (used.length === 0) return;
      await plane.store.marks.consumeOutcomes(used);
      await plane.cache.refresh();
    },
    appleMoves: () => plane.cache.current.appleMoves,
  };
}
