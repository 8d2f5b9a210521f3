import { callVerdict, sessionVerdict, type Verdict } from '../faults/account-state.js';
import { AppleError } from '../errors/apple-codes.js';
import type { AccountGate } from '../services/context.js';
import type { MdmServer } from '../storage/repository.js';
import type { ControlCache } from './control-cache.js';

function refuse(verdict: Verdict | undefined): void {
  if (verdict !== undefined) throw new AppleError(verdict.code, verdict.body);
}

/** The account states of the cached control state, as the session service consults them. */
export function accountGateOf(cache: ControlCache): AccountGate {
  return {
    checkSession(server: MdmServer): void {
      const states = cache.current.accountStates;
      if (states.length > 0) refuse(sessionVerdict(states, server));
    },
    checkCall(server: MdmServer): void {
      const states = cache.current.accountStates;
      if (states.length > 0) refuse(callVerdict(states, server));
    },
  };
}
