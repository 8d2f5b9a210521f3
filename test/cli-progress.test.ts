import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { DevicePage } from '../src/client/index.js';
import { pageProgress } from '../src/cli/progress.js';

function fakeTerminal(isTTY: boolean): PassThrough & { isTTY: boolean; columns: number } {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 100 });
  return stream;
}

function page(count: number, moreToFollow: boolean): DevicePage {
  return {
    phase: 'fetch',
    devices: Array.from({ length: count }, (_, i) => ({ serial_number: `S${i}` })),
    cursor: 'C',
    moreToFollow,
    fetchedUntil: undefined,
    restarted: false,
  };
}

describe('the device progress line', () => {
  it('counts devices and pages on a terminal', () => {
    const stream = fakeTerminal(true);
    let written = '';
    stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const progress = pageProgress(stream, true);
    progress.page(page(1000, true), 1000);
    progress.page(page(1000, true), 1000);
    progress.page(page(500, false), 1000);
    progress.stop();
    assert.match(written, /fetch \[[^\]]*\] 2500 devices, 3 pages/);
  });

  it('writes nothing when the stream is not a terminal, or when turned off', () => {
    for (const [isTTY, enabled] of [
      [false, true],
      [true, false],
    ] as const) {
      const stream = fakeTerminal(isTTY);
      let written = '';
      stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
      const progress = pageProgress(stream, enabled);
      progress.page(page(10, false), 10);
      progress.stop();
      assert.equal(written, '');
    }
  });
});
