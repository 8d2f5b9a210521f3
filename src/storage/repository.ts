import type { Kysely, Selectable } from 'kysely';
import type { Device, ProfileStatus } from '../domain/device.js';
import type { Database, DeviceTable, MdmServerTable, OrganizationTable } from './schema.js';

export type Organization = Selectable<OrganizationTable>;
export type MdmServer = Selectable<MdmServerTable>;

export interface DeviceEvent {
  server_uuid: string;
  serial_number: string;
  op_type: 'added' | 'modified' | 'deleted';
  op_date: number;
  record: Record<string, unknown>;
}

export interface StoredProfile {
  profile_uuid: string;
  server_uuid: string;
  definition: Record<string, unknown>;
  created_at: number;
}

const DAY_MS = 24 * 3600 * 1000;

/** SQLite hands back numbers; PostgreSQL bigints arrive as numbers through our type parser. */
function toDevice(row: Selectable<DeviceTable>): Device {
  return { ...row, profile_status: row.profile_status as ProfileStatus };
}

/**
 * Every query opendep makes, over a Kysely handle that is either the database or an open
 * transaction. Holds no state of its own: services combine these calls with domain rules.
 */
export class Repository {
  constructor(private readonly db: Kysely<Database>) {}

  async getMeta(key: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('meta')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value;
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
    // Chunked so no statement exceeds SQLite's bound-parameter limit (15 columns a row).
    for (let start = 0; start < devices.length; start += 500) {
      await this.db
        .insertInto('devices')
        .values(devices.slice(start, start + 500))
        .execute();
    }
  }

  async getDevicesBySerial(serials: readonly string[]): Promise<Map<string, Device>> {
    const found = new Map<string, Device>();
    for (let start = 0; start < serials.length; start += 900) {
      const rows = await this.db
        .selectFrom('devices')
        .selectAll()
        .where('serial_number', 'in', serials.slice(start, start + 900))
        .execute();
      for (const row of rows) found.set(row.serial_number, toDevice(row));
    }
    return found;
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

  /** Writes the device's mutable columns back; identity and org never change here. */
  async updateDevice(device: Device): Promise<void> {
    await this.db
      .updateTable('devices')
      .set({
        server_uuid: device.server_uuid,
        device_assigned_date: device.device_assigned_date,
        device_assigned_by: device.device_assigned_by,
        profile_uuid: device.profile_uuid,
        profile_status: device.profile_status,
        profile_assign_time: device.profile_assign_time,
        profile_push_time: device.profile_push_time,
      })
      .where('serial_number', '=', device.serial_number)
      .execute();
  }

  async appendEvents(events: readonly DeviceEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += 1000) {
      const rows = events.slice(start, start + 1000).map((event) => ({
        ...event,
        record: JSON.stringify(event.record),
      }));
      await this.db.insertInto('device_events').values(rows).execute();
    }
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
