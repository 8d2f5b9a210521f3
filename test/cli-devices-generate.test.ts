import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolveServeOptions } from '../src/serve/serve-options.js';
import { runCli } from './helpers/cli-process.js';
import { AppleApi, fetchAll } from './helpers/device-api.js';
import {
  ADMIN_TOKEN,
  createMdmServer,
  startTestServer,
  type CreatedMdmServer,
  type TestServer,
} from './helpers/test-server.js';

describe('opendep devices generate', () => {
  let server: TestServer;
  let mdm: CreatedMdmServer;

  before(async () => {
    server = await startTestServer({ seed: false });
    mdm = await createMdmServer(server);
  });
  after(() => server.close());

  it('generates in batches through the control plane and prints a summary', async () => {
    const result = await runCli(
      ['devices', 'generate', '--count', '25', '--batch-size', '10', '--url', server.url],
      { OPENDEP_ADMIN_TOKEN: ADMIN_TOKEN },
    );
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as {
      server_uuid: string;
      count: number;
      sample: string[];
    };
    // The organization's only server is the default.
    assert.equal(summary.server_uuid, mdm.server_uuid);
    assert.equal(summary.count, 25);
    assert.equal(summary.sample.length, 5);
    const { devices } = await fetchAll(new AppleApi(server, mdm.token));
    assert.equal(devices.length, 25);
  });

  it('needs an admin token, a count, and a server when there are several', async () => {
    await createMdmServer(server);
    const base = ['devices', 'generate', '--url', server.url];
    const noToken = await runCli([...base, '--count', '5'], { OPENDEP_ADMIN_TOKEN: '' });
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr, /admin-token/);
    const zero = await runCli([...base, '--count', '0', '--admin-token', ADMIN_TOKEN]);
    assert.equal(zero.code, 2);
    const ambiguous = await runCli([...base, '--count', '5', '--admin-token', ADMIN_TOKEN]);
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /--server-uuid/);
    const wrongToken = await runCli([
      ...base,
      '--count',
      '5',
      '--admin-token',
      'nope',
      '--unassigned',
    ]);
    assert.equal(wrongToken.code, 1);
    assert.match(wrongToken.stderr, /401/);
    const chosen = await runCli([
      ...base,
      '--count',
      '3',
      '--admin-token',
      ADMIN_TOKEN,
      '--server-uuid',
      mdm.server_uuid,
    ]);
    assert.equal(chosen.code, 0, chosen.stderr);
  });

  it('reads the throttle settings from flags and OPENDEP_* variables', () => {
    assert.deepEqual(resolveServeOptions({}, {}).assignThrottle, {
      maxAssignments: 10,
      windowSeconds: 3600,
    });
    const fromEnv = resolveServeOptions(
      {},
      { OPENDEP_ASSIGN_THROTTLE_COUNT: '0', OPENDEP_ASSIGN_THROTTLE_WINDOW: '60' },
    );
    assert.deepEqual(fromEnv.assignThrottle, { maxAssignments: 0, windowSeconds: 60 });
    const flags = resolveServeOptions(
      { assignThrottleCount: '3', assignThrottleWindow: '120' },
      { OPENDEP_ASSIGN_THROTTLE_COUNT: '9' },
    );
    assert.deepEqual(flags.assignThrottle, { maxAssignments: 3, windowSeconds: 120 });
    assert.throws(() => resolveServeOptions({ assignThrottleWindow: '0' }, {}), /from 1/);
  });
});
