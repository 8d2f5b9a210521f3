import { randomHex } from '../domain/ids.js';

/** Ids of control-plane objects: a kind prefix and random hex, e.g. `flt_3f9a0c21b4`. */
export function controlId(kind: 'flt' | 'dev' | 'cur'): string {
  return `${kind}_${randomHex(5).toLowerCase()}`;
}
