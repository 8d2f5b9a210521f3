import type { Kysely, Selectable } from 'kysely';
import type { FaultRule } from '../faults/fault-rule.js';
import type { Database } from '../storage/schema.js';
import type { FaultRuleTable } from './control-tables.js';
import { changeControl, controlDb, nullableNumber, type ControlDb } from './control-version.js';

export function toRule(row: Selectable<FaultRuleTable>): FaultRule {
  return {
    id: row.id,
    method: row.method,
    path: row.path,
    serverUuid: row.server_uuid,
    serial: row.serial,
    status: Number(row.status),
    code: row.code,
    retryAfterSeconds: nullableNumber(row.retry_after),
    newSession: Number(row.new_session) === 1,
    remaining: nullableNumber(row.remaining),
    probability: nullableNumber(row.probability),
    seed: Number(row.seed),
    createdAt: Number(row.created_at),
  };
}

/** Fault rules: added, listed with their counters, counted down atomically, removed. */
export class FaultRuleStore {
  private readonly db: ControlDb;

  constructor(db: Kysely<Database>) {
    this.db = controlDb(db);
  }

  add(rule: FaultRule): Promise<void> {
    return changeControl(this.db, async (db) => {
      await db
        .insertInto('fault_rules')
        .values({
          id: rule.id,
          method: rule.method,
          path: rule.path,
          server_uuid: rule.serverUuid,
          serial: rule.serial,
          status: rule.status,
          code: rule.code,
          retry_after: rule.retryAfterSeconds,
          new_session: rule.newSession ? 1 : 0,
          remaining: rule.remaining,
          probability: rule.probability,
          seed: rule.seed,
          draws: 0,
          fired: 0,
          created_at: rule.createdAt,
        })
        .execute();
    });
  }

  /** Rules with their live counters (remaining, fired), oldest first. */
  async list(): Promise<Array<{ rule: FaultRule; fired: number }>> {
    const rows = await this.db
      .selectFrom('fault_rules')
      .selectAll()
      .orderBy('created_at')
      .execute();
    return rows.map((row) => ({ rule: toRule(row), fired: Number(row.fired) }));
  }

  async remove(id: string): Promise<boolean> {
    let removed = false;
    await changeControl(this.db, async (db) => {
      const result = await db.deleteFrom('fault_rules').where('id', '=', id).executeTakeFirst();
      removed = Number(result.numDeletedRows) > 0;
    });
    return removed;
  }

  clear(): Promise<void> {
    return changeControl(this.db, async (db) => {
      await db.deleteFrom('fault_rules').execute();
    });
  }

  /** The next position in the rule's seeded sequence (1, 2, ...), taken atomically. */
  async nextDraw(id: string): Promise<number | undefined> {
    const row = await this.db
      .updateTable('fault_rules')
      .set((eb) => ({ draws: eb('draws', '+', 1) }))
      .where('id', '=', id)
      .returning('draws')
      .executeTakeFirst();
    return row === undefined ? undefined : Number(row.draws);
  }

  /** Counts one firing; false when a counted rule has none left (another instance won). */
  async consume(id: string, counted: boolean): Promise<boolean> {
    let query = this.db
      .updateTable('fault_rules')
      .set((eb) => ({ fired: eb('fired', '+', 1) }))
      .where('id', '=', id);
    if (counted) {
      query = query
        .set((eb) => ({ remaining: eb('remaining', '-', 1) }))
        .where('remaining', '>', 0);
    }
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
