import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliArgs, runCli } from './helpers/cli-process.js';
import {
  ADMIN_TOKEN,
  appleCall,
  createMdmServer,
  sessionFor,
  startTestServer,
  type CreatedMdmServer,
  type TestServer,
} from './helpers/test-server.js';

describe('opendep faults | clock | log | state', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    server = await startTestServer({ seed: false });
    mdm = await createMdmServer(server, ['CLIF00000001']);
    dir = mkdtempSync(join(tmpdir(), 'opendep-cli-control-'));
    env = { OPENDEP_URL: server.url, OPENDEP_ADMIN_TOKEN: ADMIN_TOKEN };
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds, lists, and clears a fault rule that the API then answers with', async () => {
    const added = await runCli(
      [
        'faults',
        'add',
        '--path',
        '/profile',
        '--status',
        '503',
        '--times',
        '1',
        '--retry-after',
        '9',
      ],
      env,
    );
    assert.equal(added.code, 0, added.stderr);
    const rule = JSON.parse(added.stdout) as { id: string; remaining: number };
    assert.equal(rule.remaining, 1);
    const listed = await runCli(['faults', 'list'], env);
    assert.ok(listed.stdout.includes(rule.id));
    const session = await sessionFor(server.url, mdm.token);
    const answer = await appleCall(server.url, session, 'GET', '/profile?profile_uuid=A');
    assert.deepEqual([answer.status, answer.headers.get('retry-after')], [503, '9']);
    assert.equal((await runCli(['faults', 'clear'], env)).code, 0);
  });

  it('sets an account state and a device mark, and shows them', async () => {
    const state = await runCli(
      ['faults', 'account', 'terms-not-accepted', '--server', mdm.server_uuid],
      env,
    );
    assert.equal(state.code, 0, state.stderr);
    assert.equal(
      await sessionFor(server.url, mdm.token).catch((e: Error) => e.message),
      'session answered 403',
    );
    assert.equal((await runCli(['faults', 'account-clear'], env)).code, 0);
    const marked = await runCli(
      ['faults', 'device', 'FAILED', 'CLIF00000001', '--calls', '2'],
      env,
    );
    assert.equal(marked.code, 0, marked.stderr);
    assert.ok((await runCli(['faults', 'device'], env)).stdout.includes('CLIF00000001'));
    assert.equal((await runCli(['faults', 'device-clear'], env)).code, 0);
  });

  it('moves the clock', async () => {
    const moved = await runCli(['clock', 'advance', '3d'], env);
    assert.equal(moved.code, 0, moved.stderr);
    assert.equal((JSON.parse(moved.stdout) as { offset_seconds: number }).offset_seconds, 259_200);
    const reset = await runCli(['clock', 'reset'], env);
    assert.equal((JSON.parse(reset.stdout) as { real_time: boolean }).real_time, true);
    assert.equal((await runCli(['clock', 'sideways'], env)).code, 2);
  });

  it('prints the log, and --follow tails new requests', async () => {
    await server.admin('DELETE', '/log');
    const child = spawn(process.execPath, cliArgs(['log', '--follow', '--interval', '100']), {
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      // Keep asking until the tail, once started, shows one of the requests.
      for (let i = 0; i < 150 && !out.includes('"/profile"'); i += 1) {
        await appleCall(server.url, 'nope', 'GET', '/profile?profile_uuid=TAILED');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const line = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
        status: number;
        code: string;
      };
      assert.deepEqual([line.status, line.code], [403, 'FORBIDDEN']);
    } finally {
      child.kill('SIGTERM');
    }
    const printed = await runCli(['log', '--status', '4xx'], env);
    assert.ok(printed.stdout.includes('FORBIDDEN'));
  });

  it('exports and imports the state', async () => {
    const file = join(dir, 'state.json');
    assert.equal((await runCli(['state', 'export', file], env)).code, 0);
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as { tables: { devices: unknown[] } };
    assert.ok(snapshot.tables.devices.length >= 1);
    const imported = await runCli(['state', 'import', file], env);
    assert.equal(imported.code, 0, imported.stderr);
  });

  it('needs the admin token, and says so', async () => {
    const result = await runCli(['faults', 'list'], {
      OPENDEP_URL: server.url,
      OPENDEP_ADMIN_TOKEN: '',
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /admin token/);
    const wrong = await runCli(['faults', 'list'], { ...env, OPENDEP_ADMIN_TOKEN: 'wrong' });
    assert.equal(wrong.code, 1);
  });
});
