import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliArgs, runCli } from './helpers/cli-process.js';
import {
  startStub,
  stubToken,
  withSessions,
  type StubReply,
  type StubServer,
} from './helpers/stub-server.js';

interface Page {
  phase: string;
  cursor: string;
  more_to_follow: boolean;
  fetched_until: string | null;
  restarted: boolean;
  devices: { serial_number: string }[];
}

function pagesOf(stdout: string): Page[] {
  if (stdout === '') return [];
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Page);
}

/** Fetch pages C0 -> C1 -> C2 -> C3 of two devices each; the last has no more to follow. */
function fetchPage(cursor: string | undefined): StubReply {
  const index = cursor === undefined ? 0 : Number(cursor.slice(1));
  return {
    body: {
      cursor: `C${index + 1}`,
      more_to_follow: index + 1 < 4,
      fetched_until: '2026-03-01T12:00:00Z',
      devices: [`D${index}A`, `D${index}B`].map((serial_number) => ({ serial_number })),
    },
  };
}

const ALL_SERIALS = [0, 1, 2, 3].flatMap((i) => [`D${i}A`, `D${i}B`]);

describe('devices fetch|sync stream their pages, and --cursor-file never runs ahead', () => {
  const stubs: StubServer[] = [];
  let dir: string;
  let tokenFile: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opendep-cli-stream-'));
    tokenFile = join(dir, 'token.json');
    await writeFile(tokenFile, JSON.stringify(stubToken()));
  });
  after(async () => {
    await Promise.all(stubs.map((stub) => stub.close()));
    await rm(dir, { recursive: true, force: true });
  });

  async function stub(handler: (cursor: string | undefined) => StubReply | Promise<StubReply>) {
    const started = await startStub(
      withSessions((request) => {
        const { cursor } = JSON.parse(request.body || '{}') as { cursor?: string };
        return handler(cursor);
      }),
    );
    stubs.push(started);
    return started;
  }

  it('a failure midway leaves the cursor at the first unprinted page; a rerun prints the rest', async () => {
    let failC2 = true;
    const server = await stub((cursor) => {
      if (cursor === 'C2' && failC2) {
        failC2 = false;
        return { status: 500, body: 'INTERNAL_SERVER_ERROR' };
      }
      return fetchPage(cursor);
    });
    const cursorFile = join(dir, 'midway.json');
    const args = ['devices', 'fetch', '--url', server.url, '--token', tokenFile];
    const common = [...args, '--cursor-file', cursorFile, '--retries', '0', '--json'];

    const first = await runCli(common);
    assert.equal(first.code, 3, first.stderr);
    assert.match(first.stderr, /500 INTERNAL_SERVER_ERROR/);
    const printed = pagesOf(first.stdout);
    assert.deepEqual(
      printed.map((p) => p.cursor),
      ['C1', 'C2'],
    );
    assert.deepEqual(JSON.parse(await readFile(cursorFile, 'utf8')), {
      cursor: 'C2',
      phase: 'fetch',
    });

    const second = await runCli(common);
    assert.equal(second.code, 0, second.stderr);
    const rest = pagesOf(second.stdout);
    assert.deepEqual(
      rest.map((p) => [p.phase, p.cursor, p.more_to_follow, p.fetched_until, p.restarted]),
      [
        ['fetch', 'C3', true, '2026-03-01T12:00:00Z', false],
        ['fetch', 'C4', false, '2026-03-01T12:00:00Z', false],
      ],
    );
    // Every device exactly once across both runs.
    assert.deepEqual(
      [...printed, ...rest].flatMap((p) => p.devices.map((d) => d.serial_number)),
      ALL_SERIALS,
    );
  });

  it('prints each page before asking for the next one (JSON and tables)', async () => {
    for (const mode of ['--json', '--table']) {
      let seenFirstPage: () => void = () => undefined;
      const firstPagePrinted = new Promise<void>((resolve) => (seenFirstPage = resolve));
      const server = await stub(async (cursor) => {
        if (cursor === 'C1') {
          // Held back until the first page is on stdout; a CLI that prints only at the
          // end never gets it, and the listing fails.
          const shown = await Promise.race([
            firstPagePrinted.then(() => true),
            new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000)),
          ]);
          if (!shown) return { status: 500, body: 'NOT_STREAMED' };
        }
        return fetchPage(cursor);
      });
      const child = spawn(
        process.execPath,
        cliArgs(['devices', 'fetch', '--url', server.url, '--token', tokenFile, mode]),
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('D0B')) seenFirstPage();
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, `${mode}: ${stderr}`);
      for (const serial of ALL_SERIALS) assert.ok(stdout.includes(serial), `${mode} ${serial}`);
      if (mode === '--table') {
        assert.equal(stdout.match(/^SERIAL /gm)?.length, 1, stdout);
        assert.match(stdout, /^8 devices in 4 pages \(fetch\)\ncursor: C4$/m);
      }
    }
  });

  it('refuses a --cursor-file in a missing directory up front, with exit 2', async () => {
    const server = await stub(fetchPage);
    const missing = join(dir, 'no-such-dir', 'cursor.json');
    const args = ['--url', server.url, '--token', tokenFile, '--cursor-file', missing];
    for (const command of ['fetch', 'sync']) {
      const result = await runCli(['devices', command, ...args, '--json']);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /--cursor-file .*no-such-dir.* does not exist/);
      assert.doesNotMatch(result.stderr, /ENOENT/);
      assert.equal(result.stdout, '');
    }
    assert.equal(server.requests.length, 0);
    assert.equal(existsSync(join(dir, 'no-such-dir')), false);
  });

  it('a reader that closes the pipe early ends the CLI quietly with exit 0', async () => {
    const big = Object.fromEntries(
      Array.from({ length: 2000 }, (_, i) => [
        `EP${String(i).padStart(8, '0')}`,
        { response_status: 'SUCCESS', model: 'iPad', description: 'x'.repeat(80) },
      ]),
    );
    const server = await startStub(withSessions(() => ({ body: { devices: big } })));
    stubs.push(server);
    const listing = await stub(fetchPage);
    const cursorFile = ['--cursor-file', join(dir, 'ep')];
    const cases = [
      ['devices', 'details', 'EP00000000', '--json', '--url', server.url],
      ['devices', 'fetch', '--json', '--url', listing.url, ...cursorFile],
      ['devices', 'fetch', '--table', '--url', listing.url, ...cursorFile],
    ];
    for (const args of cases) {
      const child = spawn(process.execPath, cliArgs([...args, '--token', tokenFile]));
      // Like `| head -c 0`: the reading end is gone before anything is written.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, `${args.join(' ')}: ${stderr}`);
      assert.equal(stderr, '', args.join(' '));
      // Nothing was printed, so no page may count as handled.
      assert.equal(existsSync(join(dir, 'ep')), false, args.join(' '));
    }
  });
});
