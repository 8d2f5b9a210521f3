import type { Kysely } from 'kysely';

/**
 * The control plane's tables (migration 0003). Kept in the database so several instances
 * on one database agree on faults, states and the clock; `control_state.version` goes up
 * on every change so instances can tell their cached copy is stale with one small read.
 */
export type ControlTables = {
  control_state: ControlStateTable;
  fault_rules: FaultRuleTable;
  account_states: AccountStateTable;
  device_outcomes: DeviceOutcomeTable;
  cursor_quirks: CursorQuirkTable;
};

/** Exactly one row, id 1. */
export interface ControlStateTable {
  id: number;
  version: number;
  clock_offset_ms: number;
  clock_frozen_at: number | null;
  /** `bare` or `quoted`. */
  error_style: string;
  /** 1: a move between servers is journaled `modified` + `removed` on the receiving one. */
  apple_moves: number;
}

export interface FaultRuleTable {
  id: string;
  method: string;
  path: string;
  server_uuid: string | null;
  serial: string | null;
  status: number;
  code: string;
  retry_after: number | null;
  new_session: number;
  remaining: number | null;
  probability: number | null;
  seed: number;
  /** Draws taken so far: the position in the seeded sequence. */
  draws: number;
  fired: number;
  created_at: number;
}

export interface AccountStateTable {
  scope: string;
  target: string;
  state: string;
  variant: string;
  created_at: number;
}

export interface DeviceOutcomeTable {
  id: string;
  serial: string;
  outcome: string;
  /** Comma-separated: define, assign, remove. */
  operations: string;
  retry_after: number | null;
  remaining: number | null;
  expires_at: number | null;
  created_at: number;
}

export interface CursorQuirkTable {
  id: string;
  server_uuid: string | null;
  /** `fetch`, `sync` or `both`. */
  endpoint: string;
  remaining: number | null;
  created_at: number;
}

/** Migration 0003: portable schema-builder calls only. */
export async function createControlTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('control_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('clock_offset_ms', 'bigint', (c) => c.notNull())
    .addColumn('clock_frozen_at', 'bigint')
    .addColumn('error_style', 'text', (c) => c.notNull())
    .addColumn('apple_moves', 'integer', (c) => c.notNull())
    .execute();
  await db
    .withTables<ControlTables>()
    .insertInto('control_state')
    .values({
      id: 1,
      version: 1,
      clock_offset_ms: 0,
      clock_frozen_at: null,
      error_style: 'bare',
      apple_moves: 0,
    })
    .execute();

  await db.schema
    .createTable('fault_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('server_uuid', 'text')
    .addColumn('serial', 'text')
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('retry_after', 'integer')
    .addColumn('new_session', 'integer', (c) => c.notNull())
    .addColumn('remaining', 'bigint')
    .addColumn('probability', 'double precision')
    .addColumn('seed', 'bigint', (c) => c.notNull())
    .addColumn('draws', 'bigint', (c) => c.notNull())
    .addColumn('fired', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('account_states')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_states_pk', ['scope', 'target', 'state'])
    .execute();

  await db.schema
    .createTable('device_outcomes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('serial', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('operations', 'text', (c) => c.notNull())
    .addColumn('retry_after', 'integer')
    .addColumn('remaining', 'bigint')
    .addColumn('expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cursor_quirks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('server_uuid', 'text')
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('remaining', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
