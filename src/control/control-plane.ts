import type { ServiceContext } from '../services/context.js';
import type { ControlCache } from './control-cache.js';
import type { ControlStore, ErrorStyle } from './control-store.js';
import type { ControlledClock } from './controlled-clock.js';
import type { RequestLog } from './request-log.js';

/** How the control plane starts; each is a serve flag with an OPENDEP_* variable. */
export interface ControlOptions {
  /** Keep fault rules, states, marks, quirks and the clock from the last run. */
  keepFaults: boolean;
  /** Error body style at start (when not kept). */
  errorStyle: ErrorStyle;
  requestLogSize: number;
  requestLogBodies: boolean;
  /** Where the seeded server's token goes when the state is reset to the seed. */
  tokenFile?: string;
}

export const DEFAULT_CONTROL_OPTIONS: ControlOptions = {
  keepFaults: false,
  errorStyle: 'bare',
  requestLogSize: 1000,
  requestLogBodies: false,
};

/** What the control plane's hooks and routes share. */
export interface ControlPlane {
  ctx: ServiceContext;
  store: ControlStore;
  cache: ControlCache;
  clock: ControlledClock;
  log: RequestLog;
  options: ControlOptions;
  /** Every route as registered, with its schema: the OpenAPI document's source. */
  routes: RegisteredRoute[];
}

export interface RegisteredRoute {
  method: string;
  url: string;
  schema: Record<string, unknown> | undefined;
}

export const CONTROL_PREFIX = '/_opendep';

export function isApplePath(path: string): boolean {
  return !path.startsWith(CONTROL_PREFIX);
}

/** Puts the cached control state back in step after a change made here. */
export async function changed(plane: ControlPlane): Promise<void> {
  await plane.cache.refresh();
}
