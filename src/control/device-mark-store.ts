import type { Kysely, Selectable } from 'kysely';
import type { CursorQuirk, QuirkEndpoint } from '../faults/cursor-quirk.js';
import type {
  DeviceOperation,
  DeviceOutcomeRule,
  ForcedOutcomeName,
} from '../faults/device-outcome-rule.js';
import type { Database } from '../storage/schema.js';
import type { CursorQuirkTable, DeviceOutcomeTable } from './control-tables.js';
import { changeControl, controlDb, nullableNumber, type ControlDb } from './control-version.js';

export function toOutcome(row: Selectable<DeviceOutcomeTable>): DeviceOutcomeRule {
  return {
    id: row.id,
    serial: row.serial,
    outcome: row.outcome as ForcedOutcomeName,
    operations: row.operations.split(',') as DeviceOperation[],
    retryAfterSeconds: nullableNumber(row.retry_after),
    remaining: nullableNumber(row.remaining),
    expiresAt: nullableNumber(row.expires_at),
    createdAt: Number(row.created_at),
  };
}

export function toQuirk(row: Selectable<CursorQuirkTable>): CursorQuirk {
  return {
    id: row.id,
    serverUuid: row.server_uuid,
    endpoint: row.endpoint as QuirkEndpoint,
    remaining: nullableNumber(row.remaining),
    createdAt: Number(row.created_at),
  };
}

/** Per-device outcome marks and cursor quirks: what the device endpoints are told to do. */
export class DeviceMarkStore {
  private readonly db: ControlDb;

  constructor(db: Kysely<Database>) {
    this.db = controlDb(db);
  }

  addOutcome(rule: DeviceOutcomeRule): Promise<void> {
    return changeControl(this.db, async (db) => {
      await db
        .insertInto('device_outcomes')
        .values({
          id: rule.id,
          serial: rule.serial,
          outcome: rule.outcome,
          operations: rule.operations.join(','),
          retry_after: rule.retryAfterSeconds,
          remaining: rule.remaining,
          expires_at: rule.expiresAt,
          created_at: rule.createdAt,
        })
        .execute();
    });
  }

  /** Removes marks by id, by serial, or all. */
  clearOutcomes(filter: { id?: string; serial?: string }): Promise<void> {
    return changeControl(this.db, async (db) => {
      let query = db.deleteFrom('device_outcomes');
      if (filter.id !== undefined) query = query.where('id', '=', filter.id);
      if (filter.serial !== undefined) query = query.where('serial', '=', filter.serial);
      await query.execute();
    });
  }

  /** One call used up of each counted mark; marks that reach zero are dropped. */
  async consumeOutcomes(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await changeControl(this.db, async (db) => {
      await db
        .updateTable('device_outcomes')
        .set((eb) => ({ remaining: eb('remaining', '-', 1) }))
        .where('id', 'in', [...ids])
        .where('remaining', 'is not', null)
        .execute();
      await db.deleteFrom('device_outcomes').where('remaining', '<=', 0).execute();
    });
  }

  addQuirk(quirk: CursorQuirk): Promise<void> {
    return changeControl(this.db, async (db) => {
      await db
        .insertInto('cursor_quirks')
        .values({
          id: quirk.id,
          server_uuid: quirk.serverUuid,
          endpoint: quirk.endpoint,
          remaining: quirk.remaining,
          created_at: quirk.createdAt,
        })
        .execute();
    });
  }

  clearQuirks(id?: string): Promise<void> {
    return changeControl(this.db, async (db) => {
      let query = db.deleteFrom('cursor_quirks');
      if (id !== undefined) query = query.where('id', '=', id);
      await query.execute();
    });
  }

  /** One page used up; false when none was left (another instance served it). */
  async consumeQuirk(id: string): Promise<boolean> {
    let consumed = false;
    await changeControl(this.db, async (db) => {
      const result = await db
        .updateTable('cursor_quirks')
        .set((eb) => ({ remaining: eb('remaining', '-', 1) }))
        .where('id', '=', id)
        .where('remaining', '>', 0)
        .executeTakeFirst();
      consumed = Number(result.numUpdatedRows) > 0;
      await db.deleteFrom('cursor_quirks').where('remaining', '<=', 0).execute();
    });
    return consumed;
  }
}
