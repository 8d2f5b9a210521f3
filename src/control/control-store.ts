import type { CompiledQuery, Kysely } from 'kysely';
import type { ClockState } from '../domain/clock-control.js';
import type { AccountState, AccountStateName } from '../faults/account-state.js';
import type { CursorQuirk } from '../faults/cursor-quirk.js';
import type { DeviceOutcomeRule } from '../faults/device-outcome-rule.js';
import type { FaultRule } from '../faults/fault-rule.js';
import type { Database } from '../storage/schema.js';
import type { ControlTables } from './control-tables.js';
import { changeControl, controlDb, nullableNumber, type ControlDb } from './control-version.js';
import { DeviceMarkStore, toOutcome, toQuirk } from './device-mark-store.js';
import { FaultRuleStore, toRule } from './fault-rule-store.js';

export type ErrorStyle = 'bare' | 'quoted';

/** The cheap per-request read: the version stamp and the clock. */
export interface ControlStamp {
  version: number;
  clock: ClockState;
}

/** Everything the control plane decides with, as loaded for one version. */
export interface ControlSnapshot extends ControlStamp {
  errorStyle: ErrorStyle;
  appleMoves: boolean;
  rules: FaultRule[];
  accountStates: AccountState[];
  deviceOutcomes: DeviceOutcomeRule[];
  cursorQuirks: CursorQuirk[];
}

type StampRow = Pick<
  ControlTables['control_state'],
  'version' | 'clock_offset_ms' | 'clock_frozen_at'
>;

/**
 * Reads and writes of the control plane's tables. Every write goes up one version in the
 * same transaction, so every instance reloads its cache on its next request.
 */
export class ControlStore {
  private readonly db: ControlDb;
  readonly rules: FaultRuleStore;
  readonly marks: DeviceMarkStore;
  private stampQuery: CompiledQuery<StampRow> | undefined;

  constructor(db: Kysely<Database>) {
    this.db = controlDb(db);
    this.rules = new FaultRuleStore(db);
    this.marks = new DeviceMarkStore(db);
  }

  async readStamp(): Promise<ControlStamp> {
    // Compiled once: this read runs on every request, so skip building it each time.
    this.stampQuery ??= this.db
      .selectFrom('control_state')
      .select(['version', 'clock_offset_ms', 'clock_frozen_at'])
      .where('id', '=', 1)
      .compile();
    const result = await this.db.executeQuery(this.stampQuery);
    const row = result.rows[0];
    if (row === undefined) throw new Error('control_state has no row; migration 0003 missing?');
    return {
      version: Number(row.version),
      clock: {
        offsetMs: Number(row.clock_offset_ms),
        frozenAt: nullableNumber(row.clock_frozen_at),
      },
    };
  }

  async load(): Promise<ControlSnapshot> {
    return this.db.transaction().execute(async (trx) => {
      const state = await trx
        .selectFrom('control_state')
        .selectAll()
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      const rules = await trx.selectFrom('fault_rules').selectAll().orderBy('created_at').execute();
      const states = await trx.selectFrom('account_states').selectAll().execute();
      const outcomes = await trx.selectFrom('device_outcomes').selectAll().execute();
      const quirks = await trx.selectFrom('cursor_quirks').selectAll().execute();
      return {
        version: Number(state.version),
        clock: {
          offsetMs: Number(state.clock_offset_ms),
          frozenAt: nullableNumber(state.clock_frozen_at),
        },
        errorStyle: state.error_style === 'quoted' ? 'quoted' : 'bare',
        appleMoves: Number(state.apple_moves) === 1,
        rules: rules.map(toRule).sort((a, b) => a.createdAt - b.createdAt),
        accountStates: states.map((row) => ({
          scope: row.scope === 'org' ? 'org' : 'server',
          target: row.target,
          state: row.state as AccountStateName,
          variant: row.variant,
        })),
        deviceOutcomes: outcomes.map(toOutcome),
        cursorQuirks: quirks.map(toQuirk),
      };
    });
  }

  setAccountState(state: AccountState, now: number): Promise<void> {
    return changeControl(this.db, async (db) => {
      await db
        .deleteFrom('account_states')
        .where('scope', '=', state.scope)
        .where('target', '=', state.target)
        .where('state', '=', state.state)
        .execute();
      await db
        .insertInto('account_states')
        .values({ ...state, created_at: now })
        .execute();
    });
  }

  /** Clears one state of a target, or every state of it when `state` is undefined. */
  clearAccountStates(filter: { scope?: string; target?: string; state?: string }): Promise<void> {
    return changeControl(this.db, async (db) => {
      let query = db.deleteFrom('account_states');
      if (filter.scope !== undefined) query = query.where('scope', '=', filter.scope);
      if (filter.target !== undefined) query = query.where('target', '=', filter.target);
      if (filter.state !== undefined) query = query.where('state', '=', filter.state);
      await query.execute();
    });
  }

  /** Ends a server's sessions: as expired (401 from now) or forgotten (403 FORBIDDEN). */
  async endSessions(serverUuid: string, how: 'expire' | 'forget', now: number): Promise<number> {
    const result =
      how === 'forget'
        ? await this.db
            .deleteFrom('sessions')
            .where('server_uuid', '=', serverUuid)
            .executeTakeFirst()
        : await this.db
            .updateTable('sessions')
            .set({ expires_at: now })
            .where('server_uuid', '=', serverUuid)
            .where('expires_at', '>', now)
            .executeTakeFirst();
    return Number('numDeletedRows' in result ? result.numDeletedRows : result.numUpdatedRows);
  }

  setClock(state: ClockState): Promise<void> {
    return changeControl(this.db, async (db) => {
      await db
        .updateTable('control_state')
        .set({ clock_offset_ms: state.offsetMs, clock_frozen_at: state.frozenAt })
        .where('id', '=', 1)
        .execute();
    });
  }

  /** Atomic, so two instances advancing at once both count (a frozen instant moves too). */
  advanceClock(ms: number): Promise<void> {
    return changeControl(this.db, async (db) => {
      await db
        .updateTable('control_state')
        .set((eb) => ({
          clock_offset_ms: eb('clock_offset_ms', '+', ms),
          clock_frozen_at: eb('clock_frozen_at', '+', ms),
        }))
        .where('id', '=', 1)
        .execute();
    });
  }

  setSettings(settings: { errorStyle?: ErrorStyle; appleMoves?: boolean }): Promise<void> {
    return changeControl(this.db, async (db) => {
      await db
        .updateTable('control_state')
        .set({
          ...(settings.errorStyle === undefined ? {} : { error_style: settings.errorStyle }),
          ...(settings.appleMoves === undefined
            ? {}
            : { apple_moves: settings.appleMoves ? 1 : 0 }),
        })
        .where('id', '=', 1)
        .execute();
    });
  }

  /**
   * Back to no faults, no states, no marks, no quirks, real time, Apple-style moves off;
   * what every start does unless told to keep them.
   */
  reset(errorStyle: ErrorStyle): Promise<void> {
    return changeControl(this.db, async (db) => {
      await db.deleteFrom('fault_rules').execute();
      await db.deleteFrom('account_states').execute();
      await db.deleteFrom('device_outcomes').execute();
      await db.deleteFrom('cursor_quirks').execute();
      await db
        .updateTable('control_state')
        .set({ clock_offset_ms: 0, clock_frozen_at: null, error_style: errorStyle, apple_moves: 0 })
        .where('id', '=', 1)
        .execute();
    });
  }
}
