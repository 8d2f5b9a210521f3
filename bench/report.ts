import { writeFileSync } from 'node:fs';

export interface ScenarioResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  ratio_to_ceiling: number;
}

export interface Row extends ScenarioResult {
  name: string;
  connections: number;
  /** The server's CPU time per request, microseconds. */
  server_cpu_us?: number;
}

export interface ServerFacts {
  /** Which backend, world and role, e.g. `sqlite 1M devices, serving`. */
  name: string;
  peakRssMb: number;
  coldStartMs: number;
}

export interface Report {
  /** CPUs and the one-minute load average when the run began. */
  machine: { cpus: number; load_average: number };
  ceilingRps: number;
  /** The ceiling server's CPU time per request, microseconds. */
  ceilingCpuUs: number;
  /** requests/s of each ceiling run (before and after the scenarios). */
  ceilingRuns: number[];
  rows: Row[];
  servers: ServerFacts[];
}

/**
 * results.json: scenario name -> {rps, p50_ms, p99_ms, ratio_to_ceiling, and the server's
 * CPU time per request `server_cpu_us`}, `ceiling_rps` (mean of `ceiling_runs`, before and
 * after the scenarios), `ceiling_server_cpu_us`,
 * `rss_mb` (the highest peak of any opendep process), `machine`, and `servers` (peak RSS
 * and cold start of each server process, by name).
 */
export function writeResults(path: string, report: Report): void {
  const results: Record<string, unknown> = {};
  for (const row of report.rows) {
    const { rps, p50_ms, p99_ms, ratio_to_ceiling, server_cpu_us } = row;
    results[row.name] = { rps, p50_ms, p99_ms, ratio_to_ceiling, server_cpu_us };
  }
  results.ceiling_rps = report.ceilingRps;
  results.ceiling_runs = report.ceilingRuns;
  results.ceiling_server_cpu_us = report.ceilingCpuUs;
  results.machine = report.machine;
  results.rss_mb = Math.max(0, ...report.servers.map((server) => server.peakRssMb));
  results.servers = Object.fromEntries(
    report.servers.map((server) => [
      server.name,
      { rss_mb: server.peakRssMb, cold_start_ms: Math.round(server.coldStartMs) },
    ]),
  );
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

/** 7.7%, 0.05%: one decimal, or two significant digits below 1%. */
function percent(share: number): string {
  const value = share * 100;
  return `${value >= 1 ? value.toFixed(1) : Number(value.toPrecision(2))}%`;
}

function pad(cells: string[], widths: number[]): string {
  return cells
    .map((cell, n) => (n === 0 ? cell.padEnd(widths[n] ?? 0) : cell.padStart(widths[n] ?? 0)))
    .join('  ');
}

function table(header: string[], body: string[][]): string {
  const widths = header.map((cell, n) =>
    Math.max(cell.length, ...body.map((r) => r[n]?.length ?? 0)),
  );
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [pad(header, widths), rule, ...body.map((r) => pad(r, widths))].join('\n');
}

/** The report as text tables: scenarios first, then the server processes. */
export function formatReport(report: Report): string {
  const scenarios = table(
    ['scenario', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'of ceiling', 'server µs/req'],
    report.rows.map((row) => [
      row.name,
      String(row.connections),
      String(row.rps),
      String(row.p50_ms),
      String(row.p99_ms),
      percent(row.ratio_to_ceiling),
      String(row.server_cpu_us ?? '-'),
    ]),
  );
  const servers = table(
    ['server process', 'peak RSS MB', 'cold start ms'],
    report.servers.map((server) => [
      server.name,
      String(server.peakRssMb),
      String(Math.round(server.coldStartMs)),
    ]),
  );
  const { cpus, load_average } = report.machine;
  const head = `${cpus} CPUs, load average ${load_average} at start`;
  const ceiling =
    `ceiling (bare node:http): ${report.ceilingRps} req/s ` +
    `(runs: ${report.ceilingRuns.join(', ')}), ${report.ceilingCpuUs} µs of server CPU a request`;
  return `${head}\n${ceiling}\n\n${scenarios}\n\n${servers}\n`;
}
