import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';

export const ROOT = path.resolve(import.meta.dirname, '..');

export interface Target {
  name: string;
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

export interface Measurement {
  name: string;
  requests_per_sec: number;
  latency_p50_ms: number;
  latency_p99_ms: number;
  non_2xx: number;
  errors: number;
}

/** One bounded autocannon run from this (the load) process against a server in another. */
export async function measure(target: Target, opts: { seconds: number; connections: number }): Promise<Measurement> {
  const result = await autocannon({
    url: target.url,
    method: target.method ?? 'GET',
    body: target.body,
    headers: { 'content-type': 'application/json', ...target.headers },
    connections: opts.connections,
    duration: opts.seconds,
  });
  return {
    name: target.name,
    requests_per_sec: Math.round(result.requests.average),
    latency_p50_ms: result.latency.p50,
    latency_p99_ms: result.latency.p99,
    non_2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** Starts bench/server.ts in a child process and resolves with the ports it printed. */
export interface BenchServer {
  ports: { app: number; bare: number };
  jwt: string;
  apiKey: string;
  /**
   * CPU seconds (user + system) the server process has used so far, from /proc; null where
   * there is no /proc. A run's difference divided by its requests is the server's cost per
   * request, which the load generator on the same two cores cannot distort the way it does rps.
   */
  cpuSeconds: () => number | null;
  stop: () => Promise<void>;
}

export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/server.ts')], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise<{ app: number; bare: number; jwt: string; apiKey: string }>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.startsWith('PORTS '));
      if (line) resolve(JSON.parse(line.slice(6)) as { app: number; bare: number; jwt: string; apiKey: string });
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    ports: { app: info.app, bare: info.bare },
    jwt: info.jwt,
    apiKey: info.apiKey,
    cpuSeconds: () => (child.pid === undefined ? null : processCpuSeconds(child.pid)),
    stop: () =>
      new Promise((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** utime + stime of a process in seconds (fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 1/100 s on Linux). */
function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

export function saveResults(name: string, data: unknown): string {
  const dir = path.join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

/** The middle value (the upper one of an even count), as every median in these benches. */
export function medianOf(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}

/** Nearest-rank percentile (p in 0-100) of values sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export function ratio(a: number, b: number): number {
  return b === 0 ? 0 : Math.round((a / b) * 1000) / 1000;
}

/**
 * Measures every target `rounds` times, interleaved, and keeps each target's median round:
 * on a shared, noisy machine a single run of one target can swing by half.
 */
export async function measureInterleaved(targets: Target[], opts: { seconds: number; connections: number; rounds: number }): Promise<Measurement[]> {
  const runs = new Map<string, Measurement[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < opts.rounds; round++) {
    for (const t of targets) runs.get(t.name)?.push(await measure(t, opts));
  }
  return targets.map((t) => {
    const sorted = [...(runs.get(t.name) ?? [])].sort((a, b) => a.requests_per_sec - b.requests_per_sec);
    return sorted[Math.floor(sorted.length / 2)] as Measurement;
  });
}
