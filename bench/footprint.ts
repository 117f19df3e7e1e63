import http from 'node:http';
import autocannon from 'autocannon';
import { measure, medianOf, percentile, ratio, startBenchServer, type Measurement, type Target } from './lib.ts';

/**
 * POST /footprint on the real app with an API key and limits on (an enterprise tenant), against
 * the platform's bare validated echo POST and against a bare Fastify POST with the same body and
 * response schemas doing the same work (identification in the same catalogue, estimate or
 * declared footprint): the difference to the latter is what the app around the route costs.
 *
 * The footprint targets cycle through a varied request mix (categories, specs, countries,
 * declared and unknown products): with 10-17 distinct bodies, the app answers repeats from its
 * memo of answers (footprint-memo.ts). The "every body new" targets send a body no request had
 * before, which is the cost of a first-time estimate on both servers. Then the headline ratio (full mix
 * against the echo) again from ten back-to-back pairs, a 10,000-item batch (wall time, median of runs)
 * and POST /products/identify latency over a mix of queries, and what an anonymous caller's refused
 * (429) request costs the server against a keyed success. Every run also records the server's CPU
 * time per request, the cost the shared load generator cannot distort.
 */

/** Estimates from specs only: what the issue's target row measures. */
const SPECS_MIX: object[] = [
  { category: 'laptop', specs: { screen_size_in: 14, weight_kg: 1.4, year: 2023 }, usage: { country: 'PL' } },
  { category: 'monitor', specs: { screen_size_in: 27 }, usage: { country: 'DE' } },
  { category: 'desktop', specs: { year: 2022, memory_gb: 16, storage: [{ type: 'ssd', capacity_gb: 512 }] }, usage: { country: 'FR', lifetime_years: 5 } },
  { category: 'server', usage: { country: 'FR' } },
  { category: 'laptop', specs: { screen_size_in: 15.6, year: 2021, storage: [{ type: 'ssd', capacity_gb: 256 }, { type: 'hdd', capacity_gb: 1000 }] }, usage: { country: 'ES', hours_per_day: 6 } },
  { category: 'smartphone', specs: { year: 2022 }, usage: { country: 'IT', lifetime_years: 3 } },
  { category: 'workstation', specs: { weight_kg: 12, memory_gb: 64, cpu: 'Xeon W-2245', gpu: 'RTX A4000' }, usage: { country: 'SE', yearly_kwh: 180 } },
  { category: 'tablet', specs: { screen_size_in: 11, year: 2023, battery_wh: 28 } },
  { category: 'thin_client', usage: { country: 'NL' }, assembly_country: 'CN' },
  { category: 'monitor', specs: { screen_size_in: 24, weight_kg: 3.6, year: 2020 }, usage: { country: 'WW' } },
];
/** Catalogue products (declared, declared_adjusted) and products it does not hold (estimated from the line). */
const PRODUCT_MIX: object[] = [
  { product: { query: 'Dell Latitude 5430' }, usage: { country: 'DE' } },
  { product: { brand: 'Lenovo', model: 'ThinkPad A485' } },
  { product: { query: 'HP Engage One 16t Monitor' }, usage: { country: 'PL', lifetime_years: 6 } },
  { product: { query: 'Dell Latitude 5440' } },
  { product: { brand: 'Dell', model: 'OptiPlex 7050 Small Form Factor' }, usage: { country: 'FR' } },
  { product: { query: 'Lenovo ThinkCentre M73 Tiny' }, specs: { year: 2015 } },
  { product: { query: 'Dell XPS 13 9380' }, category: 'laptop', usage: { country: 'IE' } },
];
const FULL_MIX: object[] = [...SPECS_MIX, ...PRODUCT_MIX];
const IDENTIFY_MIX: object[] = [
  { query: 'hp elitebook 840 g10' },
  { query: 'Dell Latitude 5430' },
  { brand: 'Lenovo', model: 'ThinkPad A485' },
  { query: 'thinkcentre m715 tiny' },
  { query: 'apple macbook air 13 m1' },
];

/** A plausible weight per category, for bodies that must never repeat (see uniqueSpecs). */
const TYPICAL_KG: Record<string, number> = { laptop: 1.8, monitor: 5, desktop: 7, server: 22, smartphone: 0.2, workstation: 12, tablet: 0.5, thin_client: 1.2 };

/**
 * SPECS_MIX with a weight no earlier request had: nothing the app keeps per request or per
 * body (memo of answers, identify cache) can help, so this is the cost of a first-time estimate.
 */
function uniqueSpecs(): () => string {
  let n = 0;
  return () => {
    const base = SPECS_MIX[n % SPECS_MIX.length] as { category: string; specs?: { weight_kg?: number } };
    const kg = (base.specs?.weight_kg ?? TYPICAL_KG[base.category] ?? 2) * (1 + (n++ % 1_000_000) / 10_000_000);
    return JSON.stringify({ ...base, specs: { ...base.specs, weight_kg: Math.round(kg * 1e7) / 1e7 } });
  };
}

interface MixTarget {
  name: string;
  url: string;
  bodies: object[];
  headers?: Record<string, string>;
  /** When set, every request gets a new body from this instead of cycling through `bodies`. */
  fresh?: () => () => string;
}

/**
 * `server_cpu_us_per_req`: CPU the server process spent per answered request in the run
 * (null without /proc). The load generator shares the two cores, so requests per second
 * also move with the client's cost; CPU per request is the server's own cost.
 */
type MixMeasurement = Measurement & { latency_p97_5_ms: number; mix: number; server_cpu_us_per_req: number | null };

/** One autocannon run; each connection cycles through the bodies in order. */
async function measureMix(t: MixTarget, opts: { seconds: number; connections: number }, cpu: () => number | null): Promise<MixMeasurement> {
  const cpu0 = cpu();
  const result = await autocannon({
    url: t.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...t.headers },
    requests: t.fresh
      ? [{ method: 'POST' as const, setupRequest: ((next) => (req: autocannon.Request): autocannon.Request => ({ ...req, body: next() }))(t.fresh()) }]
      : t.bodies.map((b) => ({ method: 'POST' as const, body: JSON.stringify(b) })),
    connections: opts.connections,
    duration: opts.seconds,
  });
  return {
    name: t.name,
    requests_per_sec: Math.round(result.requests.average),
    latency_p50_ms: result.latency.p50,
    latency_p97_5_ms: result.latency.p97_5,
    latency_p99_ms: result.latency.p99,
    non_2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    mix: t.bodies.length,
    server_cpu_us_per_req: cpu0 === null || result.requests.total === 0 ? null : Math.round((1e6 * ((cpu() ?? cpu0) - cpu0)) / result.requests.total),
  };
}

/** As lib's measureInterleaved, for mixed targets: every target per round, median round kept. */
async function measureMixInterleaved(targets: MixTarget[], opts: { seconds: number; connections: number; rounds: number }, cpu: () => number | null): Promise<MixMeasurement[]> {
  const runs = new Map<string, MixMeasurement[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < opts.rounds; round++) {
    for (const t of targets) runs.get(t.name)?.push(await measureMix(t, opts, cpu));
  }
  return targets.map((t) => {
    const sorted = [...(runs.get(t.name) ?? [])].sort((a, b) => a.requests_per_sec - b.requests_per_sec);
    return sorted[Math.floor(sorted.length / 2)] as MixMeasurement;
  });
}

/**
 * The headline ratio once more, from short back-to-back pairs: the machine's speed drifts over
 * seconds (other tenants on the host), and targets minutes apart in the interleaved rounds see
 * different machines. Each pair runs the echo and the app right after one another (order
 * alternating); the median of the per-pair ratios is reported, with every pair.
 */
async function pairedRatio(
  ceiling: MixTarget,
  app: MixTarget,
  opts: { seconds: number; connections: number; pairs: number },
  cpu: () => number | null,
): Promise<{ pairs: number; seconds_each: number; median_rps_ratio: number; median_cpu_ratio: number; rps_ratios: number[]; cpu_ratios: number[] }> {
  const rpsRatios: number[] = [];
  const cpuRatios: number[] = [];
  for (let i = 0; i < opts.pairs; i++) {
    const first = i % 2 === 0 ? ceiling : app;
    const a = await measureMix(first, opts, cpu);
    const b = await measureMix(first === ceiling ? app : ceiling, opts, cpu);
    const [c, x] = first === ceiling ? [a, b] : [b, a];
    rpsRatios.push(ratio(x.requests_per_sec, c.requests_per_sec));
    cpuRatios.push(cpuRatio(c, x));
  }
  return { pairs: opts.pairs, seconds_each: opts.seconds, median_rps_ratio: medianOf(rpsRatios), median_cpu_ratio: medianOf(cpuRatios), rps_ratios: rpsRatios, cpu_ratios: cpuRatios };
}

/**
 * Per-request latency at a fixed number of requests in flight, timed request by request from
 * this process over keep-alive connections (node:http; the client's own time is included, so
 * these are upper bounds). At 50 connections a run measures throughput and its latency is
 * mostly queueing (Little's law: 50 in flight / 12,000 rps ≈ 4 ms); this is what a caller sees.
 */
async function latencyAt(t: MixTarget, inFlight: number, total: number): Promise<{ in_flight: number; n: number; p50_ms: number; p95_ms: number; p99_ms: number; max_ms: number }> {
  const bodies = t.bodies.map((b) => Buffer.from(JSON.stringify(b)));
  const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
  const url = new URL(t.url);
  const once = (body: Buffer): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, ...t.headers } },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => (res.statusCode === 200 ? resolve(0) : reject(new Error(`${t.name}: ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const ms: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const body = bodies[next++ % bodies.length] ?? Buffer.alloc(0);
      const t0 = performance.now();
      await once(body);
      ms.push(performance.now() - t0);
    }
  };
  try {
    await Promise.all(Array.from({ length: inFlight }, worker));
  } finally {
    agent.destroy();
  }
  const sorted = [...ms].sort((a, b) => a - b);
  const q = (p: number): number => Math.round(percentile(sorted, p) * 100) / 100;
  return { in_flight: inFlight, n: sorted.length, p50_ms: q(50), p95_ms: q(95), p99_ms: q(99), max_ms: q(100) };
}

/** 0 where the CPU time could not be read (as ratio() for a missing measurement). */
function cpuRatio(ceiling: MixMeasurement | undefined, app: MixMeasurement | undefined): number {
  return ratio(ceiling?.server_cpu_us_per_req ?? 0, app?.server_cpu_us_per_req ?? 0);
}

async function timeBatch(url: string, apiKey: string, runs: number): Promise<{ items: number; bytes_in: number; ms: number[]; median_ms: number; ok: number }> {
  const body = JSON.stringify({ items: Array.from({ length: 10_000 }, (_, i) => FULL_MIX[i % FULL_MIX.length]) });
  const ms: number[] = [];
  let ok = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body });
    const json = (await res.json()) as { summary?: { ok: number } };
    ms.push(Math.round(performance.now() - t));
    ok = json.summary?.ok ?? -res.status;
  }
  return { items: 10_000, bytes_in: body.length, ms, median_ms: medianOf(ms), ok };
}

export async function benchFootprint(opts: { seconds: number; connections: number; rounds: number }) {
  const server = await startBenchServer();
  const { app, bare } = server.ports;
  const auth = { authorization: `Bearer ${server.apiKey}` };
  const appUrl = `http://127.0.0.1:${app}/api/v1`;
  const bareUrl = `http://127.0.0.1:${bare}`;
  const echo: MixTarget = { name: 'bare validated POST (echo)', url: `${bareUrl}/echo`, bodies: [{ name: 'widget', quantity: 3, tags: ['a', 'b'] }] };
  const targets: MixTarget[] = [
    echo,
    { name: 'bare POST /footprint, specs mix (same work)', url: `${bareUrl}/footprint`, bodies: SPECS_MIX },
    { name: 'app /footprint specs mix + key + limits', url: `${appUrl}/footprint`, bodies: SPECS_MIX, headers: auth },
    { name: 'bare POST /footprint, full mix (same work)', url: `${bareUrl}/footprint`, bodies: FULL_MIX },
    { name: 'app /footprint full mix + key + limits', url: `${appUrl}/footprint`, bodies: FULL_MIX, headers: auth },
    { name: 'app /footprint products only + key', url: `${appUrl}/footprint`, bodies: PRODUCT_MIX, headers: auth },
    { name: 'bare POST /footprint, specs, every body new', url: `${bareUrl}/footprint`, bodies: SPECS_MIX, fresh: uniqueSpecs },
    { name: 'app /footprint specs, every body new + key + limits', url: `${appUrl}/footprint`, bodies: SPECS_MIX, headers: auth, fresh: uniqueSpecs },
    { name: 'app /products/identify mix + key', url: `${appUrl}/products/identify`, bodies: IDENTIFY_MIX, headers: auth },
    { name: 'bare validated POST answering a footprint (same bytes)', url: `${bareUrl}/echo-sized`, bodies: echo.bodies },
  ];
  try {
    // Every body must succeed, or the bench would time error paths.
    for (const t of targets) {
      for (const b of t.bodies) {
        const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...t.headers }, body: JSON.stringify(b) });
        if (res.status !== 200) throw new Error(`${t.name}: ${JSON.stringify(b)} answered ${res.status} ${await res.text()}`);
      }
    }
    // Warm-up so JIT and caches are settled before anything is recorded.
    for (const t of targets) await measure({ name: t.name, url: t.url, method: 'POST', body: JSON.stringify(t.bodies[0]), headers: t.headers } satisfies Target, { seconds: 1, connections: opts.connections });
    const measurements = await measureMixInterleaved(targets, opts, server.cpuSeconds);
    // A refusal (429 from a limit, 401) is answered far faster than the work: a run with any is void.
    const refused = measurements.filter((m) => m.non_2xx > 0 || m.errors > 0);
    if (refused.length > 0) throw new Error(`non-2xx answers under load, results not valid: ${refused.map((m) => `${m.name} (${m.non_2xx})`).join(', ')}`);
    const fullMix = targets[4];
    const paired = fullMix ? await pairedRatio(echo, fullMix, { seconds: 2, connections: opts.connections, pairs: 10 }, server.cpuSeconds) : null;
    const rps = (i: number) => measurements[i]?.requests_per_sec ?? 0;
    const identify = targets[8];
    const latency: Record<string, Awaited<ReturnType<typeof latencyAt>>[]> = {};
    for (const t of [identify, fullMix]) {
      if (!t) continue;
      await latencyAt(t, 1, 500); // warm-up
      latency[t.name] = [await latencyAt(t, 1, 5000), await latencyAt(t, 10, 10000)];
    }
    // What a refusal costs: anonymous callers past their IP's limit get 429s, which must not cost
    // the server more than the answers they refuse (a flood of them would then be a lever).
    const refusedRuns = [];
    for (let i = 0; i < 3; i++) refusedRuns.push(await measureMix({ name: 'app /footprint anonymous, over the limit (429)', url: `${appUrl}/footprint`, bodies: SPECS_MIX }, { seconds: 3, connections: opts.connections }, server.cpuSeconds));
    const refusedCpu = medianOf(refusedRuns.map((m) => m.server_cpu_us_per_req ?? 0));
    const refusals = {
      runs: refusedRuns.map((m) => ({ requests_per_sec: m.requests_per_sec, non_2xx: m.non_2xx, server_cpu_us_per_req: m.server_cpu_us_per_req })),
      median_server_cpu_us_per_429: refusedCpu,
      vs_keyed_success_by_server_cpu: ratio(refusedCpu, measurements[4]?.server_cpu_us_per_req ?? 0),
    };
    const batch = await timeBatch(`${appUrl}/footprint/batch`, server.apiKey, 5);
    if (batch.ok !== batch.items) throw new Error(`batch of 10,000 answered ${batch.ok} ok items (negative: HTTP status)`);
    return {
      at: new Date().toISOString(),
      settings: opts,
      measurements,
      ratios: {
        specs_vs_bare_echo: ratio(rps(2), rps(0)),
        specs_vs_bare_footprint: ratio(rps(2), rps(1)),
        full_mix_vs_bare_echo: ratio(rps(4), rps(0)),
        full_mix_vs_bare_footprint: ratio(rps(4), rps(3)),
        bare_footprint_specs_vs_bare_echo: ratio(rps(1), rps(0)),
        new_bodies_vs_bare_echo: ratio(rps(7), rps(0)),
        new_bodies_vs_bare_footprint_new_bodies: ratio(rps(7), rps(6)),
        // Server CPU per request of the bare echo over the app's: the throughput ratio if the
        // server had the machine to itself.
        full_mix_vs_bare_echo_by_server_cpu: cpuRatio(measurements[0], measurements[4]),
        specs_vs_bare_echo_by_server_cpu: cpuRatio(measurements[0], measurements[2]),
        // The echo answering a footprint's bytes: the part of the gap that is the answer's size.
        sized_echo_vs_bare_echo: ratio(rps(9), rps(0)),
        full_mix_vs_sized_echo: ratio(rps(4), rps(9)),
        full_mix_vs_bare_echo_paired: paired?.median_rps_ratio ?? 0,
        full_mix_vs_bare_echo_paired_by_server_cpu: paired?.median_cpu_ratio ?? 0,
      },
      paired_full_mix_vs_echo: paired,
      refusals,
      latency_by_requests_in_flight: latency,
      batch_10k: batch,
    };
  } finally {
    await server.stop();
  }
}
