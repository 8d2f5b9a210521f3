import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runLoad, type LoadSpec } from './load.js';
import { startCeiling, type BenchProcess } from './processes.js';
import { formatReport, writeResults, type Report } from './report.js';
import { CEILING_LOAD, SCENARIOS } from './scenarios.js';
import { postgresAnswers, type Backend } from './databases.js';
import { startWorld } from './worlds.js';

/**
 * `npm run bench -- [--quick] [--backend sqlite|postgres] [--pg <url>] [--seconds n]`:
 * opendep in its own process per backend and world, loaded with autocannon from this one,
 * against the ceiling of a bare node:http server measured in the same run.
 */
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    backend: { type: 'string', multiple: true },
    pg: { type: 'string' },
    seconds: { type: 'string' },
  },
});
const quick = values.quick === true;
const seconds = Number(values.seconds ?? (quick ? 2 : 8));
const largeDevices = quick ? 100_000 : 1_000_000;
const pgUrl = values.pg ?? process.env.OPENDEP_BENCH_PG ?? 'postgres://127.0.0.1:5432/test';
const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The ceiling's requests/s and server CPU per request, from a fresh bare server. */
async function measureCeiling(spec: LoadSpec): Promise<{ rps: number; cpuUs: number }> {
  const ceiling = await startCeiling();
  try {
    const result = await runLoad(ceiling.url, spec, seconds, ceiling.cpuMs);
    log(`ceiling: ${result.rps} req/s, ${result.server_cpu_us} µs of server CPU a request`);
    return { rps: result.rps, cpuUs: result.server_cpu_us ?? Number.NaN };
  } finally {
    await ceiling.stop();
  }
}

/** rps as a share of the ceiling's, to three significant digits (0.0773, 0.000472). */
function ratio(rps: number, ceilingRps: number): number {
  return Number((rps / ceilingRps).toPrecision(3));
}

function facts(server: BenchProcess): { peakRssMb: number; coldStartMs: number } {
  return { peakRssMb: server.peakRssMb(), coldStartMs: server.coldStartMs };
}

/** `1k`, `100k`, `1M`: how the benchmark names a world's size. */
function sizeLabel(devices: number): string {
  return devices >= 1_000_000 ? `${devices / 1_000_000}M` : `${devices / 1000}k`;
}

async function runWorld(report: Report, backend: Backend, kind: 'small' | 'large'): Promise<void> {
  const devices = kind === 'small' ? 1000 : largeDevices;
  const label = `${backend} ${sizeLabel(devices)} devices`;
  const started = performance.now();
  const running = await startWorld(backend, pgUrl, devices);
  log(`${label}: ready in ${Math.round(performance.now() - started)} ms`);
  try {
    for (const scenario of SCENARIOS.filter((s) => s.worlds.includes(kind))) {
      const spec = await scenario.build(running.world);
      const result = await runLoad(running.world.url, spec, seconds, running.serving.cpuMs);
      const suffix = scenario.sized ? ` (${sizeLabel(devices)})` : '';
      const name = `${backend} ${scenario.name}${suffix}`;
      report.rows.push({
        name,
        connections: spec.connections,
        ...result,
        ratio_to_ceiling: ratio(result.rps, report.ceilingRps),
      });
      log(`${name}: ${result.rps} req/s, p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms`);
    }
  } finally {
    report.servers.push(
      { name: `${label}, filling`, ...facts(running.filler) },
      { name: `${label}, serving`, ...facts(running.serving) },
    );
    await running.close();
  }
}

async function main(): Promise<void> {
  const machine = {
    cpus: cpus().length,
    load_average: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
  if (machine.load_average > machine.cpus / 4) {
    log(`warning: load average ${machine.load_average} on ${machine.cpus} CPUs: noisy numbers`);
  }
  const report: Report = {
    ceilingRps: 0,
    ceilingCpuUs: 0,
    ceilingRuns: [],
    rows: [],
    servers: [],
    machine,
  };
  const wanted = (values.backend ?? ['sqlite', 'postgres']) as Backend[];
  const backends: Backend[] = [];
  for (const backend of wanted) {
    if (backend === 'postgres' && !(await postgresAnswers(pgUrl))) {
      log(`PostgreSQL does not answer at ${pgUrl}: skipping it (--pg <url> to point elsewhere)`);
      continue;
    }
    backends.push(backend);
  }

  // Measured before and after, and averaged: what else runs on the machine drifts.
  const first = await measureCeiling(CEILING_LOAD);
  report.ceilingRps = first.rps;
  report.ceilingCpuUs = first.cpuUs;
  for (const backend of backends) {
    await runWorld(report, backend, 'small');
    await runWorld(report, backend, 'large');
  }
  const last = await measureCeiling(CEILING_LOAD);
  report.ceilingRps = Math.round((first.rps + last.rps) / 2);
  report.ceilingCpuUs = Math.round((first.cpuUs + last.cpuUs) / 2);
  report.ceilingRuns = [first.rps, last.rps];
  for (const row of report.rows) {
    row.ratio_to_ceiling = ratio(row.rps, report.ceilingRps);
  }

  writeResults(RESULTS, report);
  process.stdout.write(formatReport(report));
  log(`written ${RESULTS}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
