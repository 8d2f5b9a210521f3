/**
 * What a device receives from Apple when it activates: its assigned profile, and the same
 * settings under the names devices show them (macOS `profiles show -type enrollment`
 * prints this "cloud configuration"). The key names are reconstructed from such output,
 * not from an Apple specification.
 */
export interface ActivationOrganization {
  org_name: string;
  org_address: string;
}

type Definition = Readonly<Record<string, unknown>>;

const FLAG_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['is_supervised', 'IsSupervised'],
  ['allow_pairing', 'AllowPairing'],
  ['is_mandatory', 'IsMandatory'],
  ['await_device_configured', 'AwaitDeviceConfigured'],
  ['is_multi_user', 'IsMultiUser'],
  ['auto_advance_setup', 'AutoAdvanceSetup'],
];

const TEXT_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['url', 'ConfigurationURL'],
  ['configuration_web_url', 'ConfigurationWebURL'],
  ['department', 'OrganizationDepartment'],
  ['support_phone_number', 'OrganizationPhone'],
  ['support_email_address', 'OrganizationEmail'],
  ['org_magic', 'OrganizationMagic'],
  ['language', 'Language'],
  ['region', 'Region'],
];

function listOf(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/** The cloud configuration a device would be handed for `definition`. */
export function cloudConfiguration(
  definition: Definition,
  org: ActivationOrganization,
): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [field, key] of TEXT_KEYS) {
    if (typeof definition[field] === 'string') config[key] = definition[field];
  }
  for (const [field, key] of FLAG_KEYS) config[key] = definition[field] === true;
  config.IsMDMUnremovable = definition.is_mdm_removable === false;
  config.SkipSetup = listOf(definition.skip_setup_items);
  config.AnchorCertificates = listOf(definition.anchor_certs);
  config.SupervisorHostCertificates = listOf(definition.supervising_host_certs);
  config.OrganizationName = org.org_name;
  config.OrganizationAddress = org.org_address;
  return config;
}
