import type { Kysely, Selectable } from 'kysely';
import type { Device } from '../domain/device.js';
import { DeviceQueries } from './device-queries.js';
import { toDevice } from './device-rows.js';
import { DeviceStateQueries } from './device-state-queries.js';
import { JournalQueries, type DeviceEvent } from './journal-queries.js';
import type { Database, MdmServerTable, OrganizationTable } from './schema.js';

export type Organization = Selectable<OrganizationTable>;
export type MdmServer = Selectable<MdmServerTable>;
export type { DeviceEvent, StoredDeviceEvent } from './journal-queries.js';

export interface StoredProfile {
  profile_uuid: string;
  server_uuid: string;
  definition: Record<string, unknown>;
  created_at: number;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Every query opendep makes, over a Kysely handle that is either the database or an open
 * transaction. Holds no state of its own: services combine these calls with domain rules.
 */
export class Repository {
  /** Device rows: paging, lookups, lifecycle writes. */
  readonly devices: DeviceQueries;
  /** The per-server journal sync replays. */
  readonly journal: JournalQueries;
  /** Activation Lock and profile assignment history. */
  readonly deviceState: DeviceStateQueries;

  constructor(private readonly db: Kysely<Database>) {
    this.devices = new DeviceQueries(db);
    this.journal = new JournalQueries(db);
    this.deviceState = new DeviceStateQueries(db);
  }

  async getMeta(key: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('meta')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value;
  }

  /** Stores `value` unless `key` has one; returns whichever value the key ends up with. */
  async claimMeta(key: string, value: string): Promise<string> {
    await this.db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return (await this.getMeta(key)) ?? value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }

  async insertOrganization(org: Organization): Promise<void> {
    await this.db.insertInto('organizations').values(org).execute();
  }

  async getOrganization(orgId: string): Promise<Organization | undefined> {
    return this.db
      .selectFrom('organizations')
      .selectAll()
      .where('org_id', '=', orgId)
      .executeTakeFirst();
  }

  /** Changes what kind of organization it is (`org_type`, `org_version`). */
  async updateOrganization(
    orgId: string,
    fields: Partial<Pick<Organization, 'org_type' | 'org_version'>>,
  ): Promise<void> {
    await this.db.updateTable('organizations').set(fields).where('org_id', '=', orgId).execute();
  }

  async firstOrganization(): Promise<Organization | undefined> {
    return this.db.selectFrom('organizations').selectAll().orderBy('created_at').executeTakeFirst();
  }

  async insertServer(server: MdmServer): Promise<void> {
    await this.db.insertInto('mdm_servers').values(server).execute();
  }

  async getServer(serverUuid: string): Promise<MdmServer | undefined> {
    return this.db
      .selectFrom('mdm_servers')
      .selectAll()
      .where('server_uuid', '=', serverUuid)
      .executeTakeFirst();
  }

  async findServerByConsumerKey(consumerKey: string): Promise<MdmServer | undefined> {
    return this.db
      .selectFrom('mdm_servers')
      .selectAll()
      .where('consumer_key', '=', consumerKey)
      .executeTakeFirst();
  }

  async listServers(): Promise<MdmServer[]> {
    return this.db.selectFrom('mdm_servers').selectAll().orderBy('created_at').execute();
  }

  async insertDevices(devices: readonly Device[]): Promise<void> {
    await this.devices.insert(devices);
  }

  async getDevicesBySerial(serials: readonly string[]): Promise<Map<string, Device>> {
    return this.devices.bySerial(serials);
  }

  async listDevices(filter: {
    serverUuid?: string;
    limit: number;
    after?: string;
  }): Promise<Device[]> {
    let query = this.db.selectFrom('devices').selectAll();
    if (filter.serverUuid !== undefined) query = query.where('server_uuid', '=', filter.serverUuid);
    if (filter.after !== undefined) query = query.where('serial_number', '>', filter.after);
    const rows = await query.orderBy('serial_number').limit(filter.limit).execute();
    return rows.map(toDevice);
  }

  /** Writes the device's lifecycle columns back; identity, hardware and org never change. */
  async updateDevice(device: Device): Promise<void> {
    await this.devices.update(device);
  }

  async appendEvents(events: readonly DeviceEvent[]): Promise<void> {
    await this.journal.append(events);
  }

  async insertProfile(profile: StoredProfile): Promise<void> {
    await this.db
      .insertInto('profiles')
      .values({ ...profile, definition: JSON.stringify(profile.definition) })
      .execute();
  }

  async getProfile(profileUuid: string): Promise<StoredProfile | undefined> {
    const row = await this.db
      .selectFrom('profiles')
      .selectAll()
      .where('profile_uuid', '=', profileUuid)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return { ...row, definition: JSON.parse(row.definition) as Record<string, unknown> };
  }

  async insertSession(session: {
    token: string;
    server_uuid: string;
    created_at: number;
    expires_at: number;
  }): Promise<void> {
    await this.db.insertInto('sessions').values(session).execute();
  }

  async getSession(
    token: string,
  ): Promise<{ server_uuid: string; expires_at: number } | undefined> {
    return this.db
      .selectFrom('sessions')
      .select(['server_uuid', 'expires_at'])
      .where('token', '=', token)
      .executeTakeFirst();
  }

  /**
   * Records a nonce; false when the consumer key already used it inside the window.
   * Relies on the primary key, so two instances on one database agree.
   */
  async recordNonce(nonce: {
    consumer_key: string;
    nonce: string;
    timestamp: number;
    expires_at: number;
  }): Promise<boolean> {
    const result = await this.db
      .insertInto('oauth_nonces')
      .values(nonce)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  /**
   * Forgets nonces past their window, and sessions a day after they expired: until then an
   * expired session still answers UNAUTHORIZED rather than the unknown session's FORBIDDEN.
   */
  async pruneExpired(now: number): Promise<void> {
    await this.db.deleteFrom('oauth_nonces').where('expires_at', '<', now).execute();
    await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<', now - DAY_MS)
      .execute();
  }
}
