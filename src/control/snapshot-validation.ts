import type { SnapshotRow, SnapshotSection, SnapshotTables } from './snapshot-store.js';

/**
 * What a column of an imported row must hold. SQLite stores whatever it is given, and a
 * row the Apple endpoints cannot read answers 500 to every call that meets it: checked here,
 * before anything is written.
 */
type ColumnKind =
  'text' | 'text?' | 'integer' | 'integer?' | 'flag' | 'json-strings' | 'json-object';

const COLUMNS: Record<SnapshotSection, Record<string, ColumnKind>> = {
  organizations: {
    org_id: 'text',
    org_name: 'text',
    org_email: 'text',
    org_phone: 'text',
    org_address: 'text',
    org_type: 'text',
    org_version: 'text',
    admin_id: 'text',
    created_at: 'integer',
  },
  servers: {
    server_uuid: 'text',
    org_id: 'text',
    server_name: 'text',
    consumer_key: 'text',
    consumer_secret: 'text',
    access_token: 'text',
    access_secret: 'text',
    access_token_expiry: 'text',
    admin_id: 'text',
    created_at: 'integer',
  },
  devices: {
    serial_number: 'text',
    org_id: 'text',
    server_uuid: 'text?',
    model: 'text',
    description: 'text',
    color: 'text',
    asset_tag: 'text?',
    os: 'text',
    device_family: 'text',
    device_assigned_date: 'integer?',
    device_assigned_by: 'text?',
    profile_uuid: 'text?',
    profile_status: 'text',
    profile_assign_time: 'integer?',
    profile_push_time: 'integer?',
    joined_seq: 'integer?',
    mdm_migration_deadline: 'integer?',
    eid: 'text?',
    ethernet_mac_address: 'text?',
    wifi_mac_address: 'text?',
    bluetooth_mac_address: 'text?',
    imei: 'json-strings',
    meid: 'json-strings',
    is_replacement_device: 'flag',
    original_serial_number: 'text?',
    replacement_date: 'text?',
  },
  profiles: {
    profile_uuid: 'text',
    server_uuid: 'text',
    definition: 'json-object',
    created_at: 'integer',
  },
  journal: {
    seq: 'integer',
    server_uuid: 'text',
    serial_number: 'text',
    op_type: 'text',
    op_date: 'integer',
    record: 'json-object',
  },
  activation_locks: {
    serial_number: 'text',
    locked_at: 'integer',
    escrow_key_digest: 'text?',
    lost_message: 'text?',
  },
  assignment_history: { serial_number: 'text', assigned_at: 'integer' },
  meta: { key: 'text', value: 'text' },
};

function parsesTo(value: string, check: (parsed: unknown) => boolean): boolean {
  try {
    return check(JSON.parse(value));
  } catch {
    return false;
  }
}

const isObject = (parsed: unknown): boolean =>
  typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);

/** Why `value` does not fit `kind`, or undefined when it does. */
function misfit(kind: ColumnKind, value: SnapshotRow[string]): string | undefined {
  if (value === null) {
    return kind.endsWith('?') ? undefined : 'must not be null';
  }
  switch (kind) {
    case 'text':
    case 'text?':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'integer':
    case 'integer?':
      return Number.isSafeInteger(value) ? undefined : 'must be a whole number';
    case 'flag':
      return value === 0 || value === 1 ? undefined : 'must be 0 or 1';
    case 'json-strings':
      return typeof value === 'string' &&
        parsesTo(value, (v) => Array.isArray(v) && v.every((item) => typeof item === 'string'))
        ? undefined
        : 'must be JSON text of an array of strings';
    case 'json-object':
      return typeof value === 'string' && parsesTo(value, isObject)
        ? undefined
        : 'must be JSON text of an object';
  }
}

/** Rows' columns: known, of the right type, JSON columns parseable. */
function checkColumns(section: SnapshotSection, rows: readonly SnapshotRow[]): string | undefined {
  const columns = COLUMNS[section];
  for (const [index, row] of rows.entries()) {
    for (const [column, value] of Object.entries(row)) {
      const kind = columns[column];
      if (kind === undefined) return `tables.${section}[${index}]: no column ${column}`;
      const why = misfit(kind, value);
      if (why !== undefined) return `tables.${section}[${index}].${column} ${why}`;
    }
  }
  return undefined;
}

/** Every non-null value of `column` in `section` must be a key of `keys`. */
function checkReference(
  tables: SnapshotTables,
  section: SnapshotSection,
  column: string,
  keys: ReadonlySet<unknown>,
  target: string,
): string | undefined {
  for (const [index, row] of tables[section].entries()) {
    const value = row[column];
    if (value !== null && value !== undefined && !keys.has(value)) {
      return `tables.${section}[${index}].${column} ${JSON.stringify(value)} names no ${target}`;
    }
  }
  return undefined;
}

/**
 * Why `tables` would leave a state the server cannot serve (the first problem found), or
 * undefined when it fits: column types, JSON columns, and the references to organizations,
 * MDM servers, profiles and devices.
 */
export function snapshotProblem(tables: SnapshotTables): string | undefined {
  for (const section of Object.keys(COLUMNS) as SnapshotSection[]) {
    const problem = checkColumns(section, tables[section]);
    if (problem !== undefined) return problem;
  }
  const keysOf = (section: SnapshotSection, column: string): Set<unknown> =>
    new Set(tables[section].map((row) => row[column]));
  const orgs = keysOf('organizations', 'org_id');
  const servers = keysOf('servers', 'server_uuid');
  const profiles = keysOf('profiles', 'profile_uuid');
  const devices = keysOf('devices', 'serial_number');
  return (
    checkReference(tables, 'servers', 'org_id', orgs, 'organization') ??
    checkReference(tables, 'devices', 'org_id', orgs, 'organization') ??
    checkReference(tables, 'devices', 'server_uuid', servers, 'MDM server') ??
    checkReference(tables, 'devices', 'profile_uuid', profiles, 'profile') ??
    checkReference(tables, 'profiles', 'server_uuid', servers, 'MDM server') ??
    checkReference(tables, 'journal', 'server_uuid', servers, 'MDM server') ??
    checkReference(tables, 'activation_locks', 'serial_number', devices, 'device')
  );
}
