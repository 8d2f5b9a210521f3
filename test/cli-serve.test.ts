import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, startServeProcess, type ServeProcess } from './helpers/cli-process.js';

describe('opendep serve and the profile commands, as processes', () => {
  let dir: string;
  let serve: ServeProcess;
  let tokenFile: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opendep-cli-'));
    serve = await startServeProcess(['--port', '0', '--db', join(dir, 'state.db')], {
      OPENDEP_ADMIN_TOKEN: 'from-env',
    });
    tokenFile = join(dir, 'example-mdm-token.json');
  });
  after(async () => {
    if (serve.child.exitCode === null) await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the base URL, the admin token and the seeded token file', () => {
    assert.match(serve.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(serve.banner, /admin token: +from-env/);
    assert.ok(serve.banner.includes(tokenFile));
    const token = JSON.parse(readFileSync(tokenFile, 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(token), [
      'consumer_key',
      'consumer_secret',
      'access_token',
      'access_secret',
      'access_token_expiry',
    ]);
  });

  it('seeds ten devices of mixed families on the example server', async () => {
    const response = await fetch(`${serve.url}/_opendep/devices`, {
      headers: { authorization: 'Bearer from-env' },
    });
    const { devices } = (await response.json()) as { devices: { device_family: string }[] };
    assert.equal(devices.length, 10);
    assert.ok(new Set(devices.map((d) => d.device_family)).size >= 4);
  });

  it('runs define -> get -> assign -> remove through the CLI', async () => {
    const profileFile = join(dir, 'profile.json');
    writeFileSync(
      profileFile,
      JSON.stringify({ profile_name: 'CLI', url: 'https://mdm.example.com/enroll' }),
    );
    const common = ['--url', serve.url, '--token', tokenFile];
    const defined = await runCli(['profile', 'define', profileFile, ...common]);
    assert.equal(defined.code, 0, defined.stderr);
    const uuid = (JSON.parse(defined.stdout) as { profile_uuid: string }).profile_uuid;

    const got = await runCli(['profile', 'get', uuid, ...common]);
    assert.equal((JSON.parse(got.stdout) as { profile_name: string }).profile_name, 'CLI');

    const assigned = await runCli(['profile', 'assign', uuid, 'OPDEP0000001', ...common]);
    assert.deepEqual(JSON.parse(assigned.stdout), {
      profile_uuid: uuid,
      devices: { OPDEP0000001: 'SUCCESS' },
    });
    const removed = await runCli(['profile', 'remove', 'OPDEP0000001', ...common]);
    assert.deepEqual(JSON.parse(removed.stdout), { devices: { OPDEP0000001: 'SUCCESS' } });
  });

  it('exits 3 on an Apple error, 2 on a usage error, 4 on a network failure', async () => {
    const apple = await runCli([
      'profile',
      'get',
      'F'.repeat(32),
      '--url',
      serve.url,
      '--token',
      tokenFile,
    ]);
    assert.equal(apple.code, 3);
    assert.match(apple.stderr, /404 NOT_FOUND/);
    const usage = await runCli(['profile', 'get', 'X', '--token', join(dir, 'missing.json')]);
    assert.equal(usage.code, 2);
    const noArgs = await runCli(['profile', 'assign']);
    assert.equal(noArgs.code, 2);
    const network = await runCli([
      'profile',
      'get',
      'X',
      '--url',
      'http://127.0.0.1:1',
      '--token',
      tokenFile,
    ]);
    assert.equal(network.code, 4);
  });

  it('stops cleanly on SIGTERM and keeps its state for the next start', async () => {
    assert.equal(await serve.stop('SIGTERM'), 0);
    const again = await startServeProcess(['--port', '0', '--db', join(dir, 'state.db')]);
    try {
      assert.match(again.banner, /admin token: +odp_/);
      const response = await fetch(`${again.url}/_opendep/devices`, {
        headers: { authorization: `Bearer ${/admin token: +(\S+)/.exec(again.banner)?.[1]}` },
      });
      assert.equal(((await response.json()) as { devices: unknown[] }).devices.length, 10);
    } finally {
      assert.equal(await again.stop('SIGINT'), 0);
    }
  });

  it('honours --no-seed and environment variables for host and port', async () => {
    const quiet = await startServeProcess(['--db', ':memory:', '--no-seed'], {
      OPENDEP_PORT: '0',
      OPENDEP_HOST: '127.0.0.1',
    });
    try {
      assert.equal(quiet.banner.includes('MDM token'), false);
    } finally {
      await quiet.stop();
    }
    assert.equal(existsSync(join(dir, 'state.db')), true);
  });

  it('refuses a bad flag value with a clear message', async () => {
    const result = await runCli(['serve', '--port', 'eighty']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /port must be a whole number/);
  });
});
