import type { Kysely, Migration, MigrationProvider } from 'kysely';

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
  };
}

export function migrationProvider(dialect: SqlDialectName): MigrationProvider {
  return { getMigrations: () => Promise.resolve(buildMigrations(dialect)) };
}
