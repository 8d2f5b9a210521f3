import type { Kysely } from 'kysely';
import { bulkInsert } from './bulk-insert.js';
import type { ActivationLockTable, Database } from './schema.js';

const SERIALS_PER_QUERY = 900;

/** Per-device state Apple keeps off the device record: Activation Lock, assignment times. */
export class DeviceStateQueries {
  constructor(private readonly db: Kysely<Database>) {}

  async activationLock(serial: string): Promise<ActivationLockTable | undefined> {
    return this.db
      .selectFrom('activation_locks')
      .selectAll()
      .where('serial_number', '=', serial)
      .executeTakeFirst();
  }

  /** False when the device was already locked (the primary key decides, across instances). */
  async lock(row: ActivationLockTable): Promise<boolean> {
    const result = await this.db
      .insertInto('activation_locks')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async recordAssignments(serials: readonly string[], at: number): Promise<void> {
    const columns = ['serial_number', 'assigned_at'];
    const values = (serial: string) => [serial, at];
    await bulkInsert(this.db, 'profile_assignments', columns, serials, values, 5000);
  }

  /** Each serial's assignment times after `since` (serials without any are left out). */
  async assignmentsSince(
    serials: readonly string[],
    since: number,
  ): Promise<Map<string, number[]>> {
    const times = new Map<string, number[]>();
    for (let start = 0; start < serials.length; start += SERIALS_PER_QUERY) {
      const rows = await this.db
        .selectFrom('profile_assignments')
        .select(['serial_number', 'assigned_at'])
        .where('serial_number', 'in', serials.slice(start, start + SERIALS_PER_QUERY))
        .where('assigned_at', '>', since)
        .execute();
      for (const row of rows) {
        const list = times.get(row.serial_number) ?? [];
        list.push(Number(row.assigned_at));
        times.set(row.serial_number, list);
      }
    }
    return times;
  }

  async pruneAssignments(before: number): Promise<void> {
    await this.db.deleteFrom('profile_assignments').where('assigned_at', '<=', before).execute();
  }
}
