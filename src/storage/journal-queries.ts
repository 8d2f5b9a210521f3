import type { Kysely } from 'kysely';
import { bulkInsert } from './bulk-insert.js';
import type { Database } from './schema.js';

export type OpType = 'added' | 'modified' | 'deleted';

export interface DeviceEvent {
  server_uuid: string;
  serial_number: string;
  op_type: OpType;
  op_date: number;
  record: Record<string, unknown>;
}

/** A journal entry as sync reads it back, with its position. */
export interface StoredDeviceEvent extends DeviceEvent {
  seq: number;
}

const EVENT_COLUMNS = ['server_uuid', 'serial_number', 'op_type', 'op_date', 'record'] as const;

function eventValues(event: DeviceEvent): unknown[] {
  const { server_uuid, serial_number, op_type, op_date, record } = event;
  return [server_uuid, serial_number, op_type, op_date, JSON.stringify(record)];
}

/** The per-server journal of device changes that sync replays. */
export class JournalQueries {
  constructor(private readonly db: Kysely<Database>) {}

  async append(events: readonly DeviceEvent[]): Promise<void> {
    await bulkInsert(this.db, 'device_events', EVENT_COLUMNS, events, eventValues, 5000);
  }

  /** The largest position written so far (0 for an empty journal); one index probe. */
  async highWater(): Promise<number> {
    const row = await this.db
      .selectFrom('device_events')
      .select((eb) => eb.fn.max('seq').as('top'))
      .executeTakeFirst();
    return Number(row?.top ?? 0);
  }

  /** Up to `limit` of `serverUuid`'s entries after `position`, oldest first. */
  async after(serverUuid: string, position: number, limit: number): Promise<StoredDeviceEvent[]> {
    const rows = await this.db
      .selectFrom('device_events')
      .selectAll()
      .where('server_uuid', '=', serverUuid)
      .where('seq', '>', position)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      ...row,
      op_type: row.op_type as OpType,
      record: JSON.parse(row.record) as Record<string, unknown>,
    }));
  }
}
