import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The build to measure: `dist/` unless OPENDEP_BENCH_CLI names another main.js. */
const CLI = process.env.OPENDEP_BENCH_CLI ?? `${ROOT}dist/cli/main.js`;
const CEILING = fileURLToPath(new URL('./ceiling-server.ts', import.meta.url));

export interface BenchProcess {
  child: ChildProcess;
  url: string;
  /** Spawn to the first 200 from the health URL, milliseconds. */
  coldStartMs: number;
  /** The highest resident set size the process has had (VmHWM), megabytes; kept after stop. */
  peakRssMb(): number;
  /** CPU time the process has used so far (user + system), milliseconds. */
  cpuMs(): number;
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

/** utime + stime from /proc/<pid>/stat, in milliseconds (the kernel counts 100 ticks a second). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
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
  // Read while the process lives; the last reading stands once it has exited.
  let lastPeak = Number.NaN;
  const readPeak = (): number => {
    const now = child.exitCode === null ? peakRssMb(child.pid) : Number.NaN;
    if (!Number.isNaN(now)) lastPeak = now;
    return lastPeak;
  };
  return {
    child,
    url,
    coldStartMs,
    peakRssMb: readPeak,
    cpuMs: () => cpuMs(child.pid),
    async stop() {
      readPeak();
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
