import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from './helpers/cli-process.js';
import {
  createMdmServer,
  startTestServer,
  type CreatedMdmServer,
  type TestServer,
} from './helpers/test-server.js';

interface Page {
  phase: string;
  cursor: string;
  devices: { serial_number: string; op_type?: string }[];
}

/** `--json` listings are NDJSON, one page a line. */
function pagesOf(stdout: string): Page[] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Page);
}

const SERIALS = ['CLID00000001', 'CLID00000002', 'CLID00000003', 'CLID00000004'];

describe('opendep account, devices and activation-lock against the emulator', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;
  let dir: string;
  let tokenFile: string;
  const common = () => ['--url', server.url, '--token', tokenFile];

  before(async () => {
    server = await startTestServer();
    mdm = await createMdmServer(server, SERIALS);
    dir = await mkdtemp(join(tmpdir(), 'opendep-cli-dev-'));
    tokenFile = join(dir, 'token.json');
    await writeFile(tokenFile, JSON.stringify(mdm.token));
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('account, as JSON and as a table', async () => {
    const json = await runCli(['account', ...common(), '--json']);
    assert.equal(json.code, 0, json.stderr);
    assert.equal((JSON.parse(json.stdout) as { server_uuid: string }).server_uuid, mdm.server_uuid);
    const table = await runCli(['account', ...common(), '--table']);
    assert.match(table.stdout, new RegExp(`^server_uuid +${mdm.server_uuid}$`, 'm'));
  });

  it('devices fetch, then devices sync from a cursor file', async () => {
    const fetched = await runCli(['devices', 'fetch', ...common(), '--limit', '3', '--json']);
    assert.equal(fetched.code, 0, fetched.stderr);
    const pages = pagesOf(fetched.stdout);
    assert.deepEqual(
      pages.map((p) => p.phase),
      ['fetch', 'fetch'],
    );
    const listing = pages[1]!;
    assert.deepEqual(pages.flatMap((p) => p.devices.map((d) => d.serial_number)).sort(), SERIALS);

    const cursorFile = join(dir, 'cursor.json');
    await writeFile(cursorFile, JSON.stringify({ cursor: listing.cursor, phase: 'fetch' }));
    await server.admin('POST', '/devices', {
      server_uuid: mdm.server_uuid,
      devices: [{ serial_number: 'CLID00000005' }],
    });
    const synced = await runCli(['devices', 'sync', ...common(), '--cursor-file', cursorFile]);
    assert.equal(synced.code, 0, synced.stderr);
    const syncPages = pagesOf(synced.stdout);
    const changes = { ...syncPages.at(-1)!, devices: syncPages.flatMap((p) => p.devices) };
    assert.equal(changes.phase, 'sync');
    assert.deepEqual(
      changes.devices.map((d) => [d.serial_number, d.op_type]),
      [['CLID00000005', 'added']],
    );
    const saved = JSON.parse(await readFile(cursorFile, 'utf8')) as { cursor: string };
    assert.equal(saved.cursor, changes.cursor);

    const table = await runCli(['devices', 'fetch', ...common(), '--table']);
    assert.match(table.stdout, /^SERIAL +MODEL +OS +FAMILY +PROFILE STATUS +PROFILE UUID$/m);
    assert.match(table.stdout, /^5 devices in 1 pages \(fetch\)$/m);
  });

  it('devices details, disown --yes and activation-lock', async () => {
    const details = await runCli([
      'devices',
      'details',
      'CLID00000001',
      'NOTMINE00001',
      ...common(),
      '--table',
    ]);
    assert.equal(details.code, 0, details.stderr);
    assert.match(details.stdout, /^CLID00000001 +SUCCESS /m);
    assert.match(details.stdout, /^NOTMINE00001 +NOT_ACCESSIBLE/m);

    const lock = await runCli(['activation-lock', 'CLID00000002', ...common(), '--json']);
    assert.equal(lock.code, 0, lock.stderr);
    assert.equal(
      (JSON.parse(lock.stdout) as { serial_number: string }).serial_number,
      'CLID00000002',
    );

    const disowned = await runCli(['devices', 'disown', 'CLID00000004', '--yes', ...common()]);
    assert.equal(disowned.code, 0, disowned.stderr);
    assert.deepEqual(JSON.parse(disowned.stdout), { devices: { CLID00000004: 'SUCCESS' } });

    const replacement = await runCli(['devices', 'replacement', 'CLID00000001', ...common()]);
    assert.equal(replacement.code, 3);
    assert.match(replacement.stderr, /DEVICE_NOT_FOUND/);
  });
});
