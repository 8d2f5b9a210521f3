import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const run = promisify(execFile);
const DOC = fileURLToPath(new URL('../docs/client.md', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLIENT = pathToFileURL(fileURLToPath(new URL('../src/client/index.ts', import.meta.url)));

/** The fenced block right after the doc's "example" marker. */
async function exampleOf(doc: string): Promise<string> {
  const text = await readFile(doc, 'utf8');
  const block = /<!-- example:[^>]*-->\n```js\n([\s\S]*?)\n```/.exec(text)?.[1];
  assert.ok(block, `no marked example in ${doc}`);
  return block;
}

describe('the runnable example of docs/client.md', () => {
  let server: TestServer;
  let dir: string;
  let tokenFile: string;

  before(async () => {
    // The seeded example server and its token file: what the doc's reader has after npm start.
    server = await startTestServer();
    dir = await mkdtemp(join(tmpdir(), 'opendep-doc-'));
    assert.ok(server.running.tokenFile, 'the test server seeds an example MDM server');
    tokenFile = server.running.tokenFile;
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs as written, against the emulator', async () => {
    // Only the places the doc asks the reader to have: the token file and the server.
    const script = (await exampleOf(DOC))
      .replace("'opendep/client'", `'${CLIENT.href}'`)
      .replace("'.opendep/example-mdm-token.json'", JSON.stringify(tokenFile))
      .replace("'http://127.0.0.1:8080'", JSON.stringify(server.url));
    const file = join(dir, 'example.mjs');
    await writeFile(file, script);

    const { stdout } = await run(process.execPath, ['--import', 'tsx', file], { cwd: ROOT });
    assert.match(stdout, /^MDM server Example MDM Server \(/m);
    assert.match(stdout, /^fetch OPDEP0000001 empty$/m);
    assert.match(stdout, /OPDEP0000001: 'SUCCESS'/);
    assert.match(stdout, /^no such profile$/m);
    assert.match(stdout, /^next time, resume from \S+$/m);
  });
});
