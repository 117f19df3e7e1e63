import { measure, measureInterleaved, ratio, startBenchServer, type Target } from './lib.ts';

/**
 * /health and a validated POST on the real app, the same POST behind JWT or API-key
 * authentication with limits on, each against a bare Fastify route measured in the same run.
 */
export async function benchPlatform(opts: { seconds: number; connections: number; rounds: number }) {
  const server = await startBenchServer();
  const { app, bare } = server.ports;
  const body = JSON.stringify({ name: 'widget', quantity: 3, tags: ['a', 'b'] });
  const authUrl = `http://127.0.0.1:${app}/api/v1/bench/echo-auth`;
  const targets: Target[] = [
    { name: 'bare GET /ping', url: `http://127.0.0.1:${bare}/ping` },
    { name: 'app GET /health', url: `http://127.0.0.1:${app}/health` },
    { name: 'bare validated POST', url: `http://127.0.0.1:${bare}/echo`, method: 'POST', body },
    { name: 'app validated POST', url: `http://127.0.0.1:${app}/api/v1/bench/echo`, method: 'POST', body },
    { name: 'app POST + JWT + limits', url: authUrl, method: 'POST', body, headers: { authorization: `Bearer ${server.jwt}` } },
    { name: 'app POST + API key + limits', url: authUrl, method: 'POST', body, headers: { authorization: `Bearer ${server.apiKey}` } },
  ];
  try {
    // Warm-up so JIT and caches are settled before anything is recorded.
    for (const t of targets) await measure(t, { seconds: 1, connections: opts.connections });
    const measurements = await measureInterleaved(targets, opts);
    const [bareGet, health, barePost, appPost, jwtPost, keyPost] = measurements;
    const rps = (m: { requests_per_sec: number } | undefined) => m?.requests_per_sec ?? 0;
    return {
      at: new Date().toISOString(),
      settings: opts,
      measurements,
      ratios: {
        health_vs_bare_get: ratio(rps(health), rps(bareGet)),
        validated_post_vs_bare_post: ratio(rps(appPost), rps(barePost)),
        jwt_post_vs_bare_post: ratio(rps(jwtPost), rps(barePost)),
        api_key_post_vs_bare_post: ratio(rps(keyPost), rps(barePost)),
      },
      // Per-request cost of authentication + limits, from throughput at the same concurrency.
      auth_overhead_us: {
        jwt: Math.round(1e6 / rps(jwtPost) - 1e6 / rps(appPost)),
        api_key: Math.round(1e6 / rps(keyPost) - 1e6 / rps(appPost)),
      },
    };
  } finally {
    await server.stop();
  }
}
