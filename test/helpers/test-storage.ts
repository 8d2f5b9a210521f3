import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from '../../src/storage/open.js';
import type { MdmServer, Organization } from '../../src/storage/repository.js';
import type { Storage } from '../../src/storage/storage.js';
import { createTestDatabase } from './test-database.js';

export interface TestStorage {
  storage: Storage;
  close(): Promise<void>;
}

/** Storage over a fresh database of the backend under test, migrated. */
export async function openTestStorage(): Promise<TestStorage> {
  const dir = mkdtempSync(join(tmpdir(), 'opendep-storage-'));
  const database = createTestDatabase(dir);
  const storage = await openStorage(database.url);
  return {
    storage,
    async close() {
      await storage.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Epoch milliseconds well past 2^31, so a 32-bit column would show. */
export const SOME_TIME = Date.UTC(2031, 4, 6, 7, 8, 9);

export function sampleOrganization(orgId = '1234567'): Organization {
  return {
    org_id: orgId,
    org_name: 'Contract Org',
    org_email: 'it@example.com',
    org_phone: '555-0100',
    org_address: '1 Example Way',
    org_type: 'org',
    org_version: 'v2',
    admin_id: 'admin@example.com',
    created_at: SOME_TIME,
  };
}

export function sampleServer(orgId: string, n: number): MdmServer {
  const hex = n.toString(16).toUpperCase().padStart(32, '0');
  return {
    server_uuid: hex,
    org_id: orgId,
    server_name: `Server ${n}`,
    consumer_key: `CK_${hex}`,
    consumer_secret: `CS_${hex}`,
    access_token: `AT_${hex}`,
    access_secret: `AS_${hex}`,
    access_token_expiry: '2032-01-01T00:00:00Z',
    admin_id: 'admin@example.com',
    created_at: SOME_TIME + n,
  };
}
