import type { AppleErrorCode } from '../errors/apple-codes.js';

/**
 * Account and token conditions an MDM server can be put in, for itself or for its whole
 * organization, and what Apple answers in each. Pure: the states come in, a verdict goes out.
 */
export const ACCOUNT_STATES = [
  'terms_not_accepted',
  'access_denied',
  'token_revoked',
  'token_expired',
] as const;
export type AccountStateName = (typeof ACCOUNT_STATES)[number];

/** How a revoked or expired token is refused on /session (Apple's body is uncertain). */
export const STATE_VARIANTS: Readonly<Record<AccountStateName, readonly string[]>> = {
  terms_not_accepted: ['default'],
  access_denied: ['default'],
  token_revoked: ['forbidden', 'token_rejected', 'token_rejected_403'],
  token_expired: ['unauthorized', 'token_expired'],
};

export interface AccountState {
  state: AccountStateName;
  scope: 'server' | 'org';
  /** A server_uuid or an org_id, by scope. */
  target: string;
  variant: string;
}

/** A refusal: the catalogue code (for its status) and the body sent. */
export interface Verdict {
  code: AppleErrorCode;
  body: string;
}

interface Caller {
  server_uuid: string;
  org_id: string;
}

const SESSION_VERDICTS: Readonly<Record<string, Verdict>> = {
  'token_revoked/forbidden': { code: 'FORBIDDEN', body: 'FORBIDDEN' },
  'token_revoked/token_rejected': { code: 'TOKEN_REJECTED', body: 'oauth_problem=token_rejected' },
  'token_revoked/token_rejected_403': {
    code: 'TOKEN_REJECTED_403',
    body: 'oauth_problem=token_rejected',
  },
  'token_expired/unauthorized': { code: 'UNAUTHORIZED', body: 'UNAUTHORIZED' },
  'token_expired/token_expired': { code: 'TOKEN_EXPIRED', body: 'oauth_problem=token_expired' },
  'access_denied/default': { code: 'ACCESS_DENIED', body: 'ACCESS_DENIED' },
  'terms_not_accepted/default': { code: 'T_C_NOT_SIGNED', body: 'T_C_NOT_SIGNED' },
};

/** Checked in this order: a refused token hides everything behind it. */
const PRECEDENCE: readonly AccountStateName[] = [
  'token_revoked',
  'token_expired',
  'access_denied',
  'terms_not_accepted',
];

export function appliesTo(state: AccountState, caller: Caller): boolean {
  return state.scope === 'server'
    ? state.target === caller.server_uuid
    : state.target === caller.org_id;
}

function strongest(states: readonly AccountState[], caller: Caller): AccountState | undefined {
  const mine = states.filter((state) => appliesTo(state, caller));
  for (const name of PRECEDENCE) {
    const found = mine.find((state) => state.state === name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** What `GET /session` answers instead of a session, if anything. */
export function sessionVerdict(
  states: readonly AccountState[],
  caller: Caller,
): Verdict | undefined {
  const state = strongest(states, caller);
  return state === undefined ? undefined : SESSION_VERDICTS[`${state.state}/${state.variant}`];
}

/**
 * What any other call answers with a valid session, if anything. A revoked token's
 * sessions are gone (403 FORBIDDEN, so clients renew and meet the refusal); an expired
 * token's sessions live out their TTL.
 */
export function callVerdict(states: readonly AccountState[], caller: Caller): Verdict | undefined {
  const mine = states.filter(
    (state) => appliesTo(state, caller) && state.state !== 'token_expired',
  );
  for (const name of PRECEDENCE) {
    if (!mine.some((state) => state.state === name)) continue;
    if (name === 'token_revoked') return { code: 'FORBIDDEN', body: 'FORBIDDEN' };
    if (name === 'access_denied') return { code: 'ACCESS_DENIED', body: 'ACCESS_DENIED' };
    if (name === 'terms_not_accepted') return { code: 'T_C_NOT_SIGNED', body: 'T_C_NOT_SIGNED' };
  }
  return undefined;
}

/** The default variant of a state: the first listed. */
export function defaultVariant(state: AccountStateName): string {
  return STATE_VARIANTS[state][0] ?? 'default';
}

export function isAccountState(value: unknown): value is AccountStateName {
  return typeof value === 'string' && (ACCOUNT_STATES as readonly string[]).includes(value);
}
