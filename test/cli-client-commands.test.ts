import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ServerToken } from '../src/token/server-token.js';
import { runCli } from './helpers/cli-process.js';
import {
  closedPort,
  startStub,
  stubToken,
  withSessions,
  type StubReply,
  type StubServer,
} from './helpers/stub-server.js';
import {
  createMdmServer,
  startTestServer,
  type CreatedMdmServer,
  type TestServer,
} from './helpers/test-server.js';

describe('opendep API commands against the emulator: output and exit codes', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;
  let dir: string;
  let tokenFile: string;
  const common = () => ['--url', server.url, '--token', tokenFile];

  before(async () => {
    server = await startTestServer();
    mdm = await createMdmServer(server, ['CLIC00000001', 'CLIC00000002', 'CLIC00000003']);
    dir = await mkdtemp(join(tmpdir(), 'opendep-cli-cmd-'));
    tokenFile = join(dir, 'token.json');
    await writeFile(tokenFile, JSON.stringify(mdm.token));
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('session prints the session token as JSON or as a table', async () => {
    const json = await runCli(['session', ...common(), '--json']);
    assert.equal(json.code, 0, json.stderr);
    const { auth_session_token } = JSON.parse(json.stdout) as { auth_session_token: string };
    assert.ok(auth_session_token.length > 10);

    const table = await runCli(['session', ...common(), '--table']);
    assert.match(table.stdout, /^auth_session_token {2}\S+\n$/);
  });

  it('profile commands print readable tables, and JSON when asked', async () => {
    const profileFile = join(dir, 'profile.json');
    await writeFile(
      profileFile,
      JSON.stringify({ profile_name: 'Tables', url: 'https://mdm.example.com/enroll' }),
    );
    const defined = await runCli(['profile', 'define', profileFile, ...common(), '--json']);
    assert.equal(defined.code, 0, defined.stderr);
    const uuid = (JSON.parse(defined.stdout) as { profile_uuid: string }).profile_uuid;

    const got = await runCli(['profile', 'get', uuid, ...common(), '--table']);
    assert.match(got.stdout, /^profile_name +Tables$/m);
    assert.match(got.stdout, new RegExp(`^profile_uuid +${uuid}$`, 'm'));

    const serialsFile = join(dir, 'serials.txt');
    await writeFile(serialsFile, '# two of ours and a stranger\nCLIC00000001\n\nCLIC00000002\n');
    const assigned = await runCli([
      'profile',
      'assign',
      uuid,
      'NOTMINE00001',
      '--serials-file',
      serialsFile,
      ...common(),
      '--table',
    ]);
    assert.equal(assigned.code, 0, assigned.stderr);
    assert.match(assigned.stdout, new RegExp(`^profile_uuid +${uuid}$`, 'm'));
    assert.match(assigned.stdout, /^SERIAL {8}STATUS$/m);
    assert.match(assigned.stdout, /^CLIC00000001 {2}SUCCESS$/m);
    assert.match(assigned.stdout, /^NOTMINE00001 {2}NOT_ACCESSIBLE$/m);

    const removed = await runCli(['profile', 'remove', 'CLIC00000001', ...common()], {
      OPENDEP_OUTPUT: 'table',
    });
    assert.match(removed.stdout, /^CLIC00000001 {2}SUCCESS$/m);
  });

  it('exits 3 with the Apple code for an Apple error', async () => {
    const result = await runCli(['profile', 'get', 'F'.repeat(32), ...common()]);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /^opendep: GET \/profile\?profile_uuid=F+: 404 NOT_FOUND$/m);
    assert.equal(result.stdout, '');
  });

  it('exits 2 for usage errors, before calling anything', async () => {
    const cases: [string[], RegExp][] = [
      [['profile', 'get', 'X', '--token', join(dir, 'missing.json')], /cannot read/],
      [['session', ...common(), '--protocol-version', 'ten'], /--protocol-version/],
      [['session', ...common(), '--retries', '-1'], /--retries/],
      [['session', ...common(), '--json', '--table'], /exclude each other/],
      [['session', '--url', 'ftp://127.0.0.1/', '--token', tokenFile], /http or https/],
      [['profile', 'remove', ...common()], /no serial numbers/],
      [['profile', 'define', join(dir, 'nope.json'), ...common()], /cannot read the profile/],
      [['devices', 'disown', 'CLIC00000003', ...common()], /--yes/],
      [['activation-lock', 'CLIC00000003', '--escrow-key', 'ABCDE-FGHJK', ...common()], /64 hex/],
      [['devices', 'sync', '--limit', '0', ...common()], /--limit/],
      [['profile', 'assign'], /missing required argument/],
      [['no-such-command'], /unknown command/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
    }
  });

  it('exits 4 when nothing answers', async () => {
    const port = await closedPort();
    const result = await runCli([
      'session',
      '--url',
      `http://127.0.0.1:${port}`,
      '--token',
      tokenFile,
    ]);
    assert.equal(result.code, 4);
    assert.match(result.stderr, /network failure/);
  });

  it('--verbose logs requests and the session without secrets', async () => {
    const result = await runCli(['account', ...common(), '--verbose', '--json']);
    assert.match(result.stderr, /opendep: GET \/session \(attempt 1\)/);
    assert.match(result.stderr, /opendep: session: initial/);
    const token: ServerToken = mdm.token;
    for (const [field, secret] of Object.entries(token)) {
      if (field !== 'access_token_expiry') assert.equal(result.stderr.includes(secret), false);
    }
  });
});

describe('opendep against a scripted server: retries, token expiry, device listing', () => {
  const stubs: StubServer[] = [];
  let dir: string;
  let tokenFile: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opendep-cli-stub-'));
    tokenFile = join(dir, 'token.json');
    await writeFile(tokenFile, JSON.stringify(stubToken()));
  });
  after(async () => {
    await Promise.all(stubs.map((stub) => stub.close()));
    await rm(dir, { recursive: true, force: true });
  });
  async function stub(handler: (path: string, body: string) => StubReply): Promise<StubServer> {
    const started = await startStub(withSessions((r) => handler(r.path, r.body)));
    stubs.push(started);
    return started;
  }

  it('refuses an expired server token with exit 2 and sends nothing', async () => {
    const server = await stub(() => ({ body: {} }));
    const expiredFile = join(dir, 'expired.json');
    await writeFile(expiredFile, JSON.stringify(stubToken(new Date('2024-05-01T00:00:00Z'))));
    const result = await runCli(['account', '--url', server.url, '--token', expiredFile]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /expired at 2024-05-01T00:00:00Z/);
    assert.equal(server.requests.length, 0);
  });

  it('gives up on 503 at once with --retries 0 (exit 3), and retries otherwise', async () => {
    let failures = 1;
    const server = await stub(() =>
      failures-- > 0
        ? { status: 503, body: 'SERVICE_UNAVAILABLE', headers: { 'retry-after': '0' } }
        : { body: { server_name: 'S', server_uuid: 'U' } },
    );
    const common = ['--url', server.url, '--token', tokenFile];
    const none = await runCli(['account', ...common, '--retries', '0']);
    assert.equal(none.code, 3);
    assert.match(none.stderr, /503 SERVICE_UNAVAILABLE/);

    failures = 1;
    const retried = await runCli(['account', ...common, '--json']);
    assert.equal(retried.code, 0, retried.stderr);
    assert.equal((JSON.parse(retried.stdout) as { server_name: string }).server_name, 'S');
  });

  it('devices sync lists every page, keeps --cursor-file current, no bar in a pipe', async () => {
    const server = await stub((path, body) => {
      const cursor = (JSON.parse(body) as { cursor?: string }).cursor;
      const page = (next: string, more: boolean, serials: string[]): StubReply => ({
        body: {
          cursor: next,
          more_to_follow: more,
          fetched_until: '2026-03-01T12:00:00Z',
          devices: serials.map((serial_number) => ({ serial_number, op_type: 'added' })),
        },
      });
      if (path === '/server/devices') return page('F1', false, ['A1', 'A2']);
      return cursor === 'F1' ? page('S1', true, ['B1']) : page('S2', false, []);
    });
    const cursorFile = join(dir, 'cursor.json');
    const common = ['--url', server.url, '--token', tokenFile, '--cursor-file', cursorFile];

    const first = await runCli(['devices', 'sync', ...common, '--json']);
    assert.equal(first.code, 0, first.stderr);
    // NDJSON: one line per page, each with the cursor to resume after it.
    const pages = first.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      pages.map((p) => [p.phase, p.cursor, p.more_to_follow]),
      [
        ['fetch', 'F1', false],
        ['sync', 'S1', true],
        ['sync', 'S2', false],
      ],
    );
    assert.deepEqual(
      pages.flatMap((p) => (p.devices as { serial_number: string }[]).map((d) => d.serial_number)),
      ['A1', 'A2', 'B1'],
    );
    assert.equal(first.stderr, '');
    assert.deepEqual(JSON.parse(await readFile(cursorFile, 'utf8')), {
      cursor: 'S2',
      phase: 'sync',
    });

    // The next run starts from the saved sync cursor, without a fetch.
    const before = server.calls().length;
    const second = await runCli(['devices', 'sync', ...common, '--table']);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(
      server
        .calls()
        .slice(before)
        .map((r) => r.path),
      ['/devices/sync'],
    );
    assert.match(second.stdout, /0 devices in 1 pages \(sync\)\ncursor: S2/);
  });

  it('stops on a cursor loop with exit 1, printing what it got', async () => {
    const server = await stub(() => ({
      body: { cursor: 'SAME', more_to_follow: true, fetched_until: 'x', devices: [] },
    }));
    const result = await runCli([
      'devices',
      'fetch',
      '--cursor',
      'SAME',
      '--url',
      server.url,
      '--token',
      tokenFile,
      '--json',
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /repeated its cursor/);
    const page = JSON.parse(result.stdout) as { cursor: string; more_to_follow: boolean };
    assert.deepEqual([page.cursor, page.more_to_follow], ['SAME', true]);
    assert.equal(server.calls().length, 1);
  });
});
