import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Storage } from '../src/storage/storage.js';
import { backendName } from './helpers/test-database.js';
import {
  openTestStorage,
  sampleOrganization,
  sampleServer,
  SOME_TIME,
  type TestStorage,
} from './helpers/test-storage.js';

/**
 * What every storage backend must do, whatever its SQL dialect. Runs on SQLite under
 * `npm test` and on PostgreSQL under `npm run test:pg`.
 */
describe(`storage contract (${backendName})`, () => {
  let opened: TestStorage;
  let storage: Storage;
  const org = sampleOrganization();

  before(async () => {
    opened = await openTestStorage();
    storage = opened.storage;
    await storage.repo.insertOrganization(org);
  });
  after(() => opened.close());

  it('names its dialect and a location without secrets', () => {
    assert.equal(storage.dialect, backendName);
    assert.doesNotMatch(storage.location, /:[^/@:]+@/);
  });

  it('keeps meta values and overwrites them', async () => {
    assert.equal(await storage.repo.getMeta('contract'), undefined);
    await storage.repo.setMeta('contract', 'one');
    await storage.repo.setMeta('contract', 'two');
    assert.equal(await storage.repo.getMeta('contract'), 'two');
  });

  it('returns organizations with epoch-millisecond times as numbers', async () => {
    const found = await storage.repo.getOrganization(org.org_id);
    assert.deepEqual(found, org);
    assert.equal(typeof found?.created_at, 'number');
    assert.deepEqual(await storage.repo.firstOrganization(), org);
  });

  it('finds servers by uuid and consumer key, lists them oldest first', async () => {
    const second = sampleServer(org.org_id, 2);
    const first = sampleServer(org.org_id, 1);
    await storage.repo.insertServer(second);
    await storage.repo.insertServer(first);

    assert.deepEqual(await storage.repo.getServer(first.server_uuid), first);
    assert.deepEqual(await storage.repo.findServerByConsumerKey(second.consumer_key), second);
    assert.equal(await storage.repo.findServerByConsumerKey('CK_nobody'), undefined);
    const listed = await storage.repo.listServers();
    assert.deepEqual(
      listed.map((server) => server.server_uuid),
      [first.server_uuid, second.server_uuid],
    );
  });

  it('refuses a second server with the same consumer key', async () => {
    const clash = { ...sampleServer(org.org_id, 3), consumer_key: `CK_${'0'.repeat(31)}1` };
    await assert.rejects(storage.repo.insertServer(clash));
  });

  it('stores profile definitions as given, nested and non-ASCII included', async () => {
    const definition = {
      profile_name: 'Ünïcødé 🍎 "quoted"',
      is_supervised: true,
      skip_setup_items: ['AppleID', 'TOS'],
      anchor_certs: [],
      nested: { depth: { more: [1, 2.5, null] } },
    };
    await storage.repo.insertProfile({
      profile_uuid: 'A'.repeat(32),
      server_uuid: sampleServer(org.org_id, 1).server_uuid,
      definition,
      created_at: SOME_TIME,
    });
    const stored = await storage.repo.getProfile('A'.repeat(32));
    assert.deepEqual(stored?.definition, definition);
    assert.equal(stored?.created_at, SOME_TIME);
    assert.equal(await storage.repo.getProfile('B'.repeat(32)), undefined);
  });

  it('keeps sessions, and prunes them a day after expiry', async () => {
    const serverUuid = sampleServer(org.org_id, 1).server_uuid;
    const day = 24 * 3600 * 1000;
    await storage.repo.insertSession({
      token: 'digest-old',
      server_uuid: serverUuid,
      created_at: SOME_TIME - 2 * day,
      expires_at: SOME_TIME - day - 1,
    });
    await storage.repo.insertSession({
      token: 'digest-recent',
      server_uuid: serverUuid,
      created_at: SOME_TIME - day,
      expires_at: SOME_TIME - 1,
    });
    assert.deepEqual(await storage.repo.getSession('digest-recent'), {
      server_uuid: serverUuid,
      expires_at: SOME_TIME - 1,
    });

    await storage.repo.pruneExpired(SOME_TIME);
    assert.equal(await storage.repo.getSession('digest-old'), undefined);
    assert.notEqual(await storage.repo.getSession('digest-recent'), undefined);
  });

  it('records a nonce once per consumer key, and forgets it after its window', async () => {
    const nonce = { consumer_key: 'CK_a', nonce: 'n-1', timestamp: 1, expires_at: SOME_TIME };
    assert.equal(await storage.repo.recordNonce(nonce), true);
    assert.equal(await storage.repo.recordNonce(nonce), false);
    assert.equal(await storage.repo.recordNonce({ ...nonce, consumer_key: 'CK_b' }), true);

    await storage.repo.pruneExpired(SOME_TIME + 1);
    assert.equal(await storage.repo.recordNonce(nonce), true);
  });

  it('lets exactly one of many concurrent uses of one nonce through', async () => {
    const nonce = { consumer_key: 'CK_race', nonce: 'same', timestamp: 1, expires_at: SOME_TIME };
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, () => storage.repo.recordNonce(nonce)),
    );
    assert.equal(outcomes.filter(Boolean).length, 1);
  });

  it('rolls a transaction back when its work throws', async () => {
    await assert.rejects(
      storage.transaction(async (repo) => {
        await repo.setMeta('rolled-back', 'yes');
        await repo.insertProfile({
          profile_uuid: 'C'.repeat(32),
          server_uuid: 'S',
          definition: {},
          created_at: SOME_TIME,
        });
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.equal(await storage.repo.getMeta('rolled-back'), undefined);
    assert.equal(await storage.repo.getProfile('C'.repeat(32)), undefined);
  });

  it('commits a transaction and returns what its work returned', async () => {
    const value = await storage.transaction(async (repo) => {
      await repo.setMeta('committed', 'yes');
      return 42;
    });
    assert.equal(value, 42);
    assert.equal(await storage.repo.getMeta('committed'), 'yes');
  });

  it('runs concurrent transactions one after another: no update is lost', async () => {
    await storage.repo.setMeta('counter', '0');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        storage.transaction(async (repo) => {
          const current = Number(await repo.getMeta('counter'));
          await new Promise((resolve) => setTimeout(resolve, 1));
          await repo.setMeta('counter', String(current + 1));
        }),
      ),
    );
    assert.equal(await storage.repo.getMeta('counter'), '20');
  });
});
