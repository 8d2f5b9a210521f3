import { sql, type Kysely } from 'kysely';
import type { Device } from '../domain/device.js';
import { bulkInsert } from './bulk-insert.js';
import {
  changedColumns,
  DEVICE_COLUMNS,
  deviceValues,
  mutableColumns,
  toDevice,
  type MutableColumns,
} from './device-rows.js';
import type { Database } from './schema.js';

/** SQLite binds at most 32766 parameters a statement, PostgreSQL 65535; stay under both. */
const MAX_PARAMETERS = 30_000;
const SERIALS_PER_QUERY = 900;

/** The key fetch pages by: when the device joined its server, then its serial. */
export interface FetchKey {
  joinedSeq: number;
  serial: string;
}

/** Device rows, read and written as domain devices. */
export class DeviceQueries {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(devices: readonly Device[]): Promise<void> {
    const perStatement = Math.floor(MAX_PARAMETERS / DEVICE_COLUMNS.length);
    await bulkInsert(this.db, 'devices', DEVICE_COLUMNS, devices, deviceValues, perStatement);
  }

  async bySerial(serials: readonly string[]): Promise<Map<string, Device>> {
    const found = new Map<string, Device>();
    for (let start = 0; start < serials.length; start += SERIALS_PER_QUERY) {
      const rows = await this.db
        .selectFrom('devices')
        .selectAll()
        .where('serial_number', 'in', serials.slice(start, start + SERIALS_PER_QUERY))
        .execute();
      for (const row of rows) found.set(row.serial_number, toDevice(row));
    }
    return found;
  }

  /** Which of `serials` are taken, by any device of any organization. */
  async existingSerials(serials: readonly string[]): Promise<Set<string>> {
    const taken = new Set<string>();
    for (let start = 0; start < serials.length; start += SERIALS_PER_QUERY) {
      const rows = await this.db
        .selectFrom('devices')
        .select('serial_number')
        .where('serial_number', 'in', serials.slice(start, start + SERIALS_PER_QUERY))
        .execute();
      for (const row of rows) taken.add(row.serial_number);
    }
    return taken;
  }

  async update(device: Device): Promise<void> {
    await this.db
      .updateTable('devices')
      .set(mutableColumns(device))
      .where('serial_number', '=', device.serial_number)
      .execute();
  }

  /**
   * Writes many devices' lifecycle columns back, only those that differ from `before` (the
   * rows as read, by serial) when given: one UPDATE per distinct set of changes, for up to
   * 900 serials at a time. An assign gives its devices one profile, status and time, so
   * 1000 devices usually take one statement instead of 1000 (on PostgreSQL, round trips).
   */
  async updateMany(devices: readonly Device[], before?: ReadonlyMap<string, Device>) {
    const groups = new Map<string, { columns: Partial<MutableColumns>; serials: string[] }>();
    for (const device of devices) {
      const columns = changedColumns(device, before?.get(device.serial_number));
      if (Object.keys(columns).length === 0) continue;
      const key = JSON.stringify(columns);
      const group = groups.get(key);
      if (group === undefined) groups.set(key, { columns, serials: [device.serial_number] });
      else group.serials.push(device.serial_number);
    }
    for (const { columns, serials } of groups.values()) {
      for (let start = 0; start < serials.length; start += SERIALS_PER_QUERY) {
        await this.db
          .updateTable('devices')
          .set(columns)
          .where('serial_number', 'in', serials.slice(start, start + SERIALS_PER_QUERY))
          .execute();
      }
    }
  }

  /** Sets `joined_seq` of devices that just joined a server, in one statement a chunk. */
  async setJoinedSeq(serials: readonly string[], joinedSeq: number): Promise<void> {
    for (let start = 0; start < serials.length; start += SERIALS_PER_QUERY) {
      await this.db
        .updateTable('devices')
        .set({ joined_seq: joinedSeq })
        .where('serial_number', 'in', serials.slice(start, start + SERIALS_PER_QUERY))
        .execute();
    }
  }

  /** Removes devices from the organization, with their lock and assignment history. */
  async delete(serials: readonly string[]): Promise<void> {
    for (let start = 0; start < serials.length; start += SERIALS_PER_QUERY) {
      const chunk = serials.slice(start, start + SERIALS_PER_QUERY);
      await this.db.deleteFrom('activation_locks').where('serial_number', 'in', chunk).execute();
      await this.db.deleteFrom('profile_assignments').where('serial_number', 'in', chunk).execute();
      await this.db.deleteFrom('devices').where('serial_number', 'in', chunk).execute();
    }
  }

  /**
   * One fetch page: the server's devices that joined at or before `mark`, after `after` in
   * (joined_seq, serial) order. Walks the devices_fetch_order index from the key, so a page
   * costs the same whatever the size of the server.
   */
  async fetchPage(
    serverUuid: string,
    mark: number,
    after: FetchKey | null,
    limit: number,
  ): Promise<Device[]> {
    let query = this.db
      .selectFrom('devices')
      .selectAll()
      .where('server_uuid', '=', serverUuid)
      .where('joined_seq', '<=', mark);
    if (after !== null) {
      query = query.where(
        sql<boolean>`(joined_seq, serial_number) > (${after.joinedSeq}, ${after.serial})`,
      );
    }
    const rows = await query.orderBy('joined_seq').orderBy('serial_number').limit(limit).execute();
    return rows.map(toDevice);
  }
}
