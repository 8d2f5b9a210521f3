import { createControlTables } from '../control/control-tables.js';
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { byteOrderText } from './byte-order-migration.js';

export type SqlDialectName = 'sqlite' | 'postgres';

/**
 * Versioned schema changes, applied in name order at start. Never edit a migration that
 * has shipped; add a new one. Epoch-millisecond columns are `bigint` (INTEGER in SQLite).
 */
function buildMigrations(dialect: SqlDialectName): Record<string, Migration> {
  return {
    '0001_core': {
      async up(db: Kysely<unknown>): Promise<void> {
        await db.schema
          .createTable('meta')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('organizations')
          .addColumn('org_id', 'text', (c) => c.primaryKey())
          .addColumn('org_name', 'text', (c) => c.notNull())
          .addColumn('org_email', 'text', (c) => c.notNull())
          .addColumn('org_phone', 'text', (c) => c.notNull())
          .addColumn('org_address', 'text', (c) => c.notNull())
          .addColumn('org_type', 'text', (c) => c.notNull())
          .addColumn('org_version', 'text', (c) => c.notNull())
          .addColumn('admin_id', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('mdm_servers')
          .addColumn('server_uuid', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.org_id'))
          .addColumn('server_name', 'text', (c) => c.notNull())
          .addColumn('consumer_key', 'text', (c) => c.notNull().unique())
          .addColumn('consumer_secret', 'text', (c) => c.notNull())
          .addColumn('access_token', 'text', (c) => c.notNull())
          .addColumn('access_secret', 'text', (c) => c.notNull())
          .addColumn('access_token_expiry', 'text', (c) => c.notNull())
          .addColumn('admin_id', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addUniqueConstraint('mdm_servers_org_name', ['org_id', 'server_name'])
          .execute();

        await db.schema
          .createTable('devices')
          .addColumn('serial_number', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.org_id'))
          .addColumn('server_uuid', 'text')
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('color', 'text', (c) => c.notNull())
          .addColumn('asset_tag', 'text')
          .addColumn('os', 'text', (c) => c.notNull())
          .addColumn('device_family', 'text', (c) => c.notNull())
          .addColumn('device_assigned_date', 'bigint')
          .addColumn('device_assigned_by', 'text')
          .addColumn('profile_uuid', 'text')
          .addColumn('profile_status', 'text', (c) => c.notNull())
          .addColumn('profile_assign_time', 'bigint')
          .addColumn('profile_push_time', 'bigint')
          .execute();
        await db.schema
          .createIndex('devices_by_server')
          .on('devices')
          .columns(['server_uuid', 'serial_number'])
          .execute();

        await db.schema
          .createTable('device_events')
          .$call((table) =>
            dialect === 'sqlite'
              ? table.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
              : table.addColumn('seq', 'bigserial', (c) => c.primaryKey()),
          )
          .addColumn('server_uuid', 'text', (c) => c.notNull())
          .addColumn('serial_number', 'text', (c) => c.notNull())
          .addColumn('op_type', 'text', (c) => c.notNull())
          .addColumn('op_date', 'bigint', (c) => c.notNull())
          .addColumn('record', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('device_events_by_server')
          .on('device_events')
          .columns(['server_uuid', 'seq'])
          .execute();

        await db.schema
          .createTable('profiles')
          .addColumn('profile_uuid', 'text', (c) => c.primaryKey())
          .addColumn('server_uuid', 'text', (c) => c.notNull())
          .addColumn('definition', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('sessions')
          .addColumn('token', 'text', (c) => c.primaryKey())
          .addColumn('server_uuid', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('oauth_nonces')
          .addColumn('consumer_key', 'text', (c) => c.notNull())
          .addColumn('nonce', 'text', (c) => c.notNull())
          .addColumn('timestamp', 'bigint', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('oauth_nonces_pk', ['consumer_key', 'nonce'])
          .execute();
        await db.schema
          .createIndex('oauth_nonces_expiry')
          .on('oauth_nonces')
          .column('expires_at')
          .execute();
      },
    },
    '0002_device_lifecycle': {
      async up(db: Kysely<unknown>): Promise<void> {
        // SQLite adds one column per statement.
        const columns: Array<[string, 'integer' | 'bigint' | 'text']> = [
          ['joined_seq', 'bigint'],
          ['mdm_migration_deadline', 'bigint'],
          ['eid', 'text'],
          ['ethernet_mac_address', 'text'],
          ['wifi_mac_address', 'text'],
          ['bluetooth_mac_address', 'text'],
          ['original_serial_number', 'text'],
          ['replacement_date', 'text'],
        ];
        for (const [name, type] of columns) {
          await db.schema.alterTable('devices').addColumn(name, type).execute();
        }
        for (const name of ['imei', 'meid']) {
          await db.schema
            .alterTable('devices')
            .addColumn(name, 'text', (c) => c.notNull().defaultTo('[]'))
            .execute();
        }
        await db.schema
          .alterTable('devices')
          .addColumn('is_replacement_device', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();

        // Devices already on a server joined before any cursor could exist.
        await sql`update devices set joined_seq = 0 where server_uuid is not null`.execute(db);
        await db.schema
          .createIndex('devices_fetch_order')
          .on('devices')
          .columns(['server_uuid', 'joined_seq', 'serial_number'])
          .execute();

        await db.schema
          .createTable('activation_locks')
          .addColumn('serial_number', 'text', (c) => c.primaryKey())
          .addColumn('locked_at', 'bigint', (c) => c.notNull())
          .addColumn('escrow_key_digest', 'text')
          .addColumn('lost_message', 'text')
          .execute();

        await db.schema
          .createTable('profile_assignments')
          .addColumn('serial_number', 'text', (c) => c.notNull())
          .addColumn('assigned_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('profile_assignments_by_serial')
          .on('profile_assignments')
          .columns(['serial_number', 'assigned_at'])
          .execute();
      },
    },
    '0003_control_plane': { up: createControlTables },
    '0004_byte_order_text': byteOrderText(dialect),
  };
}

export function migrationProvider(dialect: SqlDialectName): MigrationProvider {
  return { getMigrations: () => Promise.resolve(buildMigrations(dialect)) };
}
