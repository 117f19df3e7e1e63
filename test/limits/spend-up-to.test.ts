import type { FastifyReply } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/platform/auth/principal.ts';
import { AppError } from '../../src/platform/http/errors.ts';
import { MemoryLimitStore } from '../../src/platform/limits/limit-store.ts';
import { Limiter } from '../../src/platform/limits/rate-limit.ts';

function fakeReply() {
  const headers: Record<string, string> = {};
  const reply = { header: (k: string, v: string) => ((headers[k] = v), reply) } as unknown as FastifyReply;
  return { reply, headers };
}
const tenant = (calcsPerMinute: number, calcsPerDay: number): Principal => ({
  kind: 'api_key',
  keyId: 'k',
  tenant: { id: `t-${Math.random()}`, plan: 'starter', isActive: true, limits: { requests_per_minute: 1000, burst: 100, calcs_per_day: calcsPerDay, calcs_per_minute: calcsPerMinute } },
  scopes: new Set(['read']),
  rateLimit: 1000,
  sandbox: false,
});

describe('Limiter.spendUpTo', () => {
  it('grants what the tighter budget allows, takes back the rest, and refuses only at zero', async () => {
    const limiter = new Limiter(new MemoryLimitStore());
    const p = tenant(30, 1000);
    const { reply, headers } = fakeReply();
    expect(await limiter.spendUpTo(p, reply, 20)).toBe(20);
    expect(await limiter.spendUpTo(p, reply, 20)).toBe(10); // minute budget: 30
    // The minute budget (30) is spent: the headers describe it, the tighter one, not the day's.
    expect(headers['x-ratelimit-limit']).toBe('30');
    expect(headers['x-ratelimit-remaining']).toBe('0');
    await expect(limiter.spendUpTo(p, reply, 5)).rejects.toMatchObject({ code: 'rate_limited' });
    // The refused and excess units were refunded: spendCalculations sees the same state.
    await expect(limiter.spendCalculations(p, reply, 1)).rejects.toBeInstanceOf(AppError);
  });

  it('describes the day budget while it is the tighter one', async () => {
    const limiter = new Limiter(new MemoryLimitStore());
    const p = tenant(1000, 100);
    const { reply, headers } = fakeReply();
    expect(await limiter.spendUpTo(p, reply, 20)).toBe(20);
    expect(headers['x-ratelimit-limit']).toBe('100');
    expect(headers['x-ratelimit-remaining']).toBe('80');
    expect(Number(headers['x-ratelimit-reset'])).toBeGreaterThan(60);
  });

  it('is capped by the daily budget too', async () => {
    const limiter = new Limiter(new MemoryLimitStore());
    const p = tenant(1000, 25);
    const { reply, headers } = fakeReply();
    expect(await limiter.spendUpTo(p, reply, 100)).toBe(25);
    expect(headers['x-ratelimit-remaining']).toBe('0');
    await expect(limiter.spendUpTo(p, reply, 1)).rejects.toMatchObject({ code: 'rate_limited', headers: { 'retry-after': expect.any(String) } });
  });

  it('costs operators nothing', async () => {
    const limiter = new Limiter(new MemoryLimitStore());
    expect(await limiter.spendUpTo({ kind: 'operator', operatorId: 'o' }, fakeReply().reply, 7)).toBe(7);
  });
});
