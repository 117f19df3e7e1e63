import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { Database } from '../db/client.ts';

const Health = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
    version: Type.String(),
    database: Type.Object({
      reachable: Type.Boolean(),
      engine: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
      latency_ms: Type.Union([Type.Number(), Type.Null()]),
    }),
  },
  { examples: [{ status: 'ok', version: '0.1.0', database: { reachable: true, engine: 'pglite', latency_ms: 0.4 } }] },
);

/** Health is probed by load balancers at high rates: concurrent probes share one ping, and a
 * successful ping stands for a second, so a probe storm cannot load the database. */
function pinger(database: Database, freshMs = 1_000) {
  let inflight: Promise<boolean> | null = null;
  let okUntil = 0;
  return (): Promise<boolean> => {
    if (performance.now() < okUntil) return Promise.resolve(true);
    inflight ??= database
      .ping(2_000)
      .then(() => {
        okUntil = performance.now() + freshMs;
        return true;
      })
      .catch(() => false)
      .finally(() => {
        inflight = null;
      });
    return inflight;
  };
}

export function healthRoutes(deps: { database: Database; version: string }): FastifyPluginAsync {
  return async (app) => {
    const ping = pinger(deps.database);
    app.get(
      '/health',
      {
        schema: {
          summary: 'Service health',
          description: 'Public. 200 when the database answers, 503 when it does not.',
          tags: ['Operations'],
          response: { 200: Health, 503: Health },
        },
      },
      async (_req, reply) => {
        const start = performance.now();
        const reachable = await ping();
        const latency = reachable ? Math.round((performance.now() - start) * 100) / 100 : null;
        return reply.status(reachable ? 200 : 503).send({
          status: reachable ? 'ok' : 'unavailable',
          version: deps.version,
          database: { reachable, engine: deps.database.engine, latency_ms: latency },
        });
      },
    );
  };
}
