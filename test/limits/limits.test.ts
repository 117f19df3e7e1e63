import type { FastifyInstance, FastifyPluginAsync, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';
import { createKey, register, setPlan, type Account } from '../helpers/accounts.ts';
import { unique } from '../helpers/database.ts';

/** A route that spends `cost` calculations, as the footprint routes do. */
const calcProbe: FastifyPluginAsync = async (api) => {
  api.post(
    '/probe/calc',
    {
      config: { access: { audience: 'public', limited: false } },
      schema: { body: { type: 'object', properties: { cost: { type: 'integer', minimum: 1 } }, required: ['cost'] } },
    },
    async (req, reply) => {
      await api.limiter.spendCalculations(req.principal, reply, (req.body as { cost: number }).cost);
      return { ok: true };
    },
  );
};

const backends = [
  { name: 'memory', instances: 1, enabled: true },
  { name: 'Redis, three app instances', instances: 3, enabled: Boolean(process.env.REDIS_URL) },
];

for (const backend of backends) {
  describe.skipIf(!backend.enabled)(`limits (${backend.name})`, () => {
    let apps: FastifyInstance[] = [];
    let owner: Account;
    beforeAll(async () => {
      const prefix = unique('shared');
      apps = await Promise.all(
        Array.from({ length: backend.instances }, () =>
          buildTestApp({ extraApiPlugins: [calcProbe], limitPrefix: prefix, config: backend.instances > 1 ? {} : { redisUrl: null } }),
        ),
      );
      owner = await register(apps[0]!);
    });
    afterAll(async () => {
      await Promise.all(apps.map((a) => a.close()));
    });

    /** Fires n requests at once, spread over the instances; returns statuses, headers and elapsed ms. */
    async function storm(n: number, make: (app: FastifyInstance, i: number) => Promise<LightMyRequestResponse>) {
      const started = performance.now();
      const res = await Promise.all(Array.from({ length: n }, (_, i) => make(apps[i % apps.length]!, i)));
      return { res, elapsedMs: performance.now() - started };
    }

    it('admits exactly the burst of 10×L concurrent requests (plus computed refill), each 429 with Retry-After', async () => {
      const t = await register(apps[0]!);
      const L = 20;
      const rpm = 6; // one token per 10 s: refill during the storm is computed, not ignored
      await setPlan(t.tenantId, 'free', { requests_per_minute: rpm, burst: L, calcs_per_day: 100, calcs_per_minute: 100 });
      const { res, elapsedMs } = await storm(10 * L, (app) => app.inject({ method: 'GET', url: '/api/v1/users', headers: t.auth }));
      const admitted = res.filter((r) => r.statusCode === 200).length;
      const refill = Math.floor(elapsedMs / (60_000 / rpm));
      expect(admitted).toBeGreaterThanOrEqual(L);
      expect(admitted).toBeLessThanOrEqual(L + refill);
      const refused = res.filter((r) => r.statusCode === 429);
      expect(refused.length + admitted).toBe(10 * L);
      for (const r of refused) {
        expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(r.headers['x-ratelimit-remaining']).toBe('0');
        expect(r.json().code).toBe('rate_limited');
      }
    });

    it('counts Remaining down and names the plan', async () => {
      const t = await register(apps[0]!);
      await setPlan(t.tenantId, 'starter');
      const seen: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await apps[i % apps.length]!.inject({ method: 'GET', url: '/api/v1/users', headers: t.auth });
        expect(r.headers['x-ratelimit-plan']).toBe('starter');
        expect(r.headers['x-ratelimit-limit']).toBe('300');
        seen.push(Number(r.headers['x-ratelimit-remaining']));
      }
      for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeLessThanOrEqual(seen[i - 1]!);
      expect(seen[0]! - seen[4]!).toBeGreaterThanOrEqual(3);
    });

    it("admits exactly a key's hourly rate_limit of 10× that many concurrent requests", async () => {
      await setPlan(owner.tenantId, 'enterprise', { requests_per_minute: 100_000, burst: 10_000, calcs_per_day: 100, calcs_per_minute: 100 });
      const L = 15;
      const k = await createKey(apps[0]!, owner, { rate_limit: L });
      const { res } = await storm(10 * L, (app) => app.inject({ method: 'GET', url: '/api/v1/users', headers: k.auth }));
      const odd = res.find((r) => r.statusCode !== 200 && r.statusCode !== 429);
      expect(odd?.body).toBeUndefined();
      expect(res.filter((r) => r.statusCode === 200)).toHaveLength(L);
      const refused = res.filter((r) => r.statusCode === 429);
      expect(refused).toHaveLength(9 * L);
      expect(refused.every((r) => Number(r.headers['retry-after']) >= 1 && r.headers['x-ratelimit-limit'] === String(L))).toBe(true);
    });

    it('admits exactly the per-minute calculation budget of 10×L concurrent calculations', async () => {
      const t = await register(apps[0]!);
      const L = 12;
      await setPlan(t.tenantId, 'free', { requests_per_minute: 100_000, burst: 10_000, calcs_per_day: 1_000, calcs_per_minute: L });
      const { res } = await storm(10 * L, (app) => app.inject({ method: 'POST', url: '/api/v1/probe/calc', headers: t.auth, payload: { cost: 1 } }));
      expect(res.filter((r) => r.statusCode === 200)).toHaveLength(L);
    });

    it('charges a batch one per item and spends nothing when it does not fit', async () => {
      const t = await register(apps[0]!);
      await setPlan(t.tenantId, 'free', { requests_per_minute: 1_000, burst: 100, calcs_per_day: 25, calcs_per_minute: 100 });
      const call = (cost: number) => apps[0]!.inject({ method: 'POST', url: '/api/v1/probe/calc', headers: t.auth, payload: { cost } });
      expect((await call(10)).statusCode).toBe(200);
      const second = await call(10);
      expect(second.statusCode).toBe(200);
      expect(second.headers['x-ratelimit-remaining']).toBe('5');
      const tooBig = await call(10);
      expect(tooBig.statusCode).toBe(429);
      expect(tooBig.headers['x-ratelimit-remaining']).toBe('5');
      expect((await call(5)).statusCode).toBe(200);
      expect((await call(1)).statusCode).toBe(429);
    });

    it('meters anonymous callers per IP at 5 calculations a minute', async () => {
      const ip = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
      const { res } = await storm(50, (app) => app.inject({ method: 'POST', url: '/api/v1/probe/calc', remoteAddress: ip, payload: { cost: 1 } }));
      expect(res.filter((r) => r.statusCode === 200)).toHaveLength(5);
      const other = await apps[0]!.inject({ method: 'POST', url: '/api/v1/probe/calc', remoteAddress: '10.8.0.1', payload: { cost: 1 } });
      expect(other.statusCode).toBe(200);
      expect(other.headers['x-ratelimit-plan']).toBe('anonymous');
    });

    it('applies an operator plan change to the next request', async () => {
      const t = await register(apps[0]!);
      expect((await apps[0]!.inject({ method: 'GET', url: '/api/v1/users', headers: t.auth })).headers['x-ratelimit-plan']).toBe('free');
      await setPlan(t.tenantId, 'professional');
      const after = await apps[apps.length - 1]!.inject({ method: 'GET', url: '/api/v1/users', headers: t.auth });
      expect(after.headers['x-ratelimit-plan']).toBe('professional');
      expect(after.headers['x-ratelimit-limit']).toBe('1000');
    });
  });
}

describe('limits when Redis is unreachable', () => {
  it('answer 503 with Retry-After, never 500 and never unmetered', async () => {
    const healthy = await buildTestApp({ config: { redisUrl: null } });
    const t = await register(healthy);
    await healthy.close();
    const app = await buildTestApp({ config: { redisUrl: 'redis://127.0.0.1:1' } });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/users', headers: t.auth });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json().code).toBe('service_unavailable');
    } finally {
      await app.close();
    }
  });
});
