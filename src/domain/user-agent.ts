export type UserAgentVerdict = 'ok' | 'USER_AGENT_MISSING' | 'USER_AGENT_INVALID';

/**
 * Apple rejects a missing User-Agent, and has been seen to reject some values
 * (`nanodep-godep/0`); its rule is unknown, so ours is a configurable list of
 * case-insensitive substrings.
 */
export function checkUserAgent(
  userAgent: string | undefined,
  denyList: readonly string[],
): UserAgentVerdict {
  if (userAgent === undefined || userAgent.trim() === '') return 'USER_AGENT_MISSING';
  const lower = userAgent.toLowerCase();
  if (denyList.some((entry) => entry !== '' && lower.includes(entry.toLowerCase()))) {
    return 'USER_AGENT_INVALID';
  }
  return 'ok';
}
