import autocannon from 'autocannon';

/** One kind of request to fire at a server, repeatedly. */
export interface LoadSpec {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Changes each request before it is sent (a fresh OAuth signature, say). */
  prepare?: (headers: Record<string, string>) => Record<string, string>;
  /** Concurrent connections: many for quick calls, one where latency is the point. */
  connections: number;
}

export interface LoadResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  /** The server's CPU time per answered request, microseconds (when it was measured). */
  server_cpu_us?: number;
}

/**
 * Runs autocannon against `baseUrl` for `seconds` from this process and reads requests/s
 * and latency percentiles. Any answer that is not 2xx, or any connection error, fails the
 * run: a fast error is not a result. With `serverCpuMs`, also the server's CPU per request.
 */
export async function runLoad(
  baseUrl: string,
  spec: LoadSpec,
  seconds: number,
  serverCpuMs?: () => number,
): Promise<LoadResult> {
  const { prepare } = spec;
  const cpuBefore = serverCpuMs?.();
  const result = await autocannon({
    url: `${baseUrl}${spec.path}`,
    connections: spec.connections,
    duration: seconds,
    pipelining: 1,
    requests: [
      {
        method: spec.method,
        path: spec.path,
        headers: spec.headers,
        ...(spec.body === undefined ? {} : { body: spec.body }),
        ...(prepare === undefined
          ? {}
          : {
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                headers: prepare({ ...(request.headers as Record<string, string>) }),
              }),
            }),
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) {
    const codes = JSON.stringify(result.statusCodeStats ?? {});
    throw new Error(`${spec.method} ${spec.path}: ${result.errors} errors, status ${codes}`);
  }
  const cpuUsed = serverCpuMs === undefined ? Number.NaN : serverCpuMs() - (cpuBefore ?? 0);
  return {
    rps: Math.round(result.requests.total / result.duration),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    requests: result.requests.total,
    ...(Number.isNaN(cpuUsed)
      ? {}
      : { server_cpu_us: Math.round((cpuUsed * 1000) / result.requests.total) }),
  };
}
