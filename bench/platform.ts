import { measure, ratio, startBenchServer } from './lib.ts';

/** /health and a validated POST on the real app, each against a bare Fastify route in the same run. */
export async function benchPlatform(opts: { seconds: number; connections: number }) {
  const server = await startBenchServer();
  const { app, bare } = server.ports;
  const body = JSON.stringify({ name: 'widget', quantity: 3, tags: ['a', 'b'] });
  try {
    // Warm-up so JIT and connection pools are settled before anything is recorded.
    await measure({ name: 'warmup', url: `http://127.0.0.1:${app}/health` }, { seconds: 1, connections: opts.connections });
    const bareGet = await measure({ name: 'bare GET /ping', url: `http://127.0.0.1:${bare}/ping` }, opts);
    const health = await measure({ name: 'app GET /health', url: `http://127.0.0.1:${app}/health` }, opts);
    const barePost = await measure({ name: 'bare validated POST', url: `http://127.0.0.1:${bare}/echo`, method: 'POST', body }, opts);
    const appPost = await measure({ name: 'app validated POST', url: `http://127.0.0.1:${app}/api/v1/bench/echo`, method: 'POST', body }, opts);
    const result = {
      at: new Date().toISOString(),
      settings: opts,
      measurements: [bareGet, health, barePost, appPost],
      ratios: {
        health_vs_bare_get: ratio(health.requests_per_sec, bareGet.requests_per_sec),
        validated_post_vs_bare_post: ratio(appPost.requests_per_sec, barePost.requests_per_sec),
      },
    };
    return result;
  } finally {
    await server.stop();
  }
}
