import { measure, measureInterleaved, ratio, startBenchServer, type Target } from './lib.ts';

/**
 * POST /footprint on the real app with an API key and limits on (an enterprise tenant), against
 * a bare Fastify POST with the same validated body and serialised response running the same
 * estimate, and against the platform's validated echo. Then a 10,000-item batch (wall time,
 * median of runs) and POST /products/identify latency.
 */
const ESTIMATE = { category: 'laptop', specs: { screen_size_in: 14, weight_kg: 1.4, year: 2023 }, usage: { country: 'PL' } };
const DECLARED = { product: { query: 'Dell Latitude 5430' }, usage: { country: 'DE' } };
const UNKNOWN = { product: { query: 'Dell Latitude 5440' } };

async function timeBatch(url: string, apiKey: string, runs: number): Promise<{ items: number; bytes_in: number; ms: number[]; median_ms: number; ok: number }> {
  const mix = [ESTIMATE, DECLARED, { category: 'monitor', specs: { screen_size_in: 27 } }, UNKNOWN, { category: 'server', usage: { country: 'FR' } }];
  const body = JSON.stringify({ items: Array.from({ length: 10_000 }, (_, i) => mix[i % mix.length]) });
  const ms: number[] = [];
  let ok = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body });
    const json = (await res.json()) as { summary?: { ok: number } };
    ms.push(Math.round(performance.now() - t));
    ok = json.summary?.ok ?? -res.status;
  }
  const sorted = [...ms].sort((a, b) => a - b);
  return { items: 10_000, bytes_in: body.length, ms, median_ms: sorted[Math.floor(sorted.length / 2)] ?? 0, ok };
}

export async function benchFootprint(opts: { seconds: number; connections: number; rounds: number }) {
  const server = await startBenchServer();
  const { app, bare } = server.ports;
  const auth = { authorization: `Bearer ${server.apiKey}` };
  const post = (name: string, url: string, body: object, headers: Record<string, string> = {}): Target => ({ name, url, method: 'POST', body: JSON.stringify(body), headers });
  const appUrl = `http://127.0.0.1:${app}/api/v1`;
  const targets: Target[] = [
    post('bare validated POST (echo)', `http://127.0.0.1:${bare}/echo`, { name: 'widget', quantity: 3, tags: ['a', 'b'] }),
    post('bare POST /footprint (estimate only)', `http://127.0.0.1:${bare}/footprint`, ESTIMATE),
    post('app /footprint specs + key + limits', `${appUrl}/footprint`, ESTIMATE, auth),
    post('app /footprint declared product + key', `${appUrl}/footprint`, DECLARED, auth),
    post('app /footprint unknown product + key', `${appUrl}/footprint`, UNKNOWN, auth),
    post('app /products/identify + key', `${appUrl}/products/identify`, { query: 'hp elitebook 840 g10' }, auth),
  ];
  try {
    for (const t of targets) await measure(t, { seconds: 1, connections: opts.connections });
    const measurements = await measureInterleaved(targets, opts);
    const rps = (i: number) => measurements[i]?.requests_per_sec ?? 0;
    const batch = await timeBatch(`${appUrl}/footprint/batch`, server.apiKey, 5);
    return {
      at: new Date().toISOString(),
      settings: opts,
      measurements,
      ratios: {
        specs_vs_bare_echo: ratio(rps(2), rps(0)),
        specs_vs_bare_footprint: ratio(rps(2), rps(1)),
        declared_vs_bare_footprint: ratio(rps(3), rps(1)),
        unknown_vs_bare_footprint: ratio(rps(4), rps(1)),
      },
      batch_10k: batch,
    };
  } finally {
    await server.stop();
  }
}
