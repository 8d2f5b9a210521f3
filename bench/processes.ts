import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = `${ROOT}dist/cli/main.js`;
const CEILING = fileURLToPath(new URL('./ceiling-server.ts', import.meta.url));

export interface BenchProcess {
  child: ChildProcess;
  url: string;
  /** Spawn to the first 200 from the health URL, milliseconds. */
  coldStartMs: number;
  /** The highest resident set size the process has had so far (VmHWM), megabytes. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? Number.NaN : Math.round(Number(kb) / 1024);
  } catch {
    return Number.NaN;
  }
}

async function waitForHealth(url: string, child: ChildProcess, started: number): Promise<number> {
  const deadline = started + 60_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.status === 200) return performance.now() - started;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`${url} did not answer 200 within a minute`);
}

async function launch(command: string[], port: number, healthPath: string): Promise<BenchProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, command, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, OPENDEP_LOG_LEVEL: 'warn' },
  });
  // The banner and any warning, kept for the error message should the process fail.
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const coldStartMs = await waitForHealth(`${url}${healthPath}`, child, started).catch(
    (error: unknown) => {
      child.kill('SIGKILL');
      throw new Error(`${String(error)}\n${stderr}`);
    },
  );
  return {
    child,
    url,
    coldStartMs,
    peakRssMb: () => peakRssMb(child.pid),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** `opendep serve` from the build in `dist/`, unseeded, with a fixed admin token. */
export async function startOpendep(
  db: string,
  adminToken: string,
  extraArgs: string[] = [],
): Promise<BenchProcess> {
  const port = await freePort();
  const args = ['serve', '--port', String(port), '--db', db, '--no-seed', ...extraArgs];
  return launch([CLI, ...args, '--admin-token', adminToken], port, '/_opendep/health');
}

/** The bare node:http server that gives the machine's ceiling. */
export async function startCeiling(): Promise<BenchProcess> {
  const port = await freePort();
  return launch(['--import', 'tsx', CEILING, String(port)], port, '/');
}
