/** Profile fields that protocol version 2 introduced (dep-api.md §4). */
const SINCE_VERSION_2 = [
  'auto_advance_setup',
  'await_device_configured',
  'is_multi_user',
  'support_email_address',
] as const;

/**
 * A stored profile as Get a Profile serves it to a caller of `version`: the fields that
 * version 2 introduced are left out below 2, as every other version-gated field is.
 */
export function profileView(
  profileUuid: string,
  definition: Readonly<Record<string, unknown>>,
  version: number,
): Record<string, unknown> {
  const view: Record<string, unknown> = { profile_uuid: profileUuid, ...definition };
  if (version < 2) for (const field of SINCE_VERSION_2) delete view[field];
  return view;
}
