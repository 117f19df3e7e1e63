import type { FastifyReply } from 'fastify';
import { AppError } from '../http/errors.ts';
import type { Principal, TenantPrincipal } from '../auth/principal.ts';
import type { LimitStore } from './limit-store.ts';
import { ANONYMOUS_CALC_LIMITS } from './plans.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface LimitHeaders {
  limit: number;
  remaining: number;
  resetMs: number;
  plan: string;
}

export function setLimitHeaders(reply: FastifyReply, h: LimitHeaders): void {
  void reply.header('x-ratelimit-limit', String(h.limit));
  void reply.header('x-ratelimit-remaining', String(Math.max(0, h.remaining)));
  void reply.header('x-ratelimit-reset', String(Math.max(0, Math.ceil(h.resetMs / 1000))));
  void reply.header('x-ratelimit-plan', h.plan);
}

function refuse(reply: FastifyReply, h: LimitHeaders, retryAfterMs: number, what: string): never {
  setLimitHeaders(reply, h);
  const retry = Math.max(1, Math.ceil(retryAfterMs / 1000));
  throw new AppError('rate_limited', `${what}; retry in ${retry} s`, { headers: { 'retry-after': String(retry) } });
}

/** Sandbox traffic is counted apart: it never spends the live quota (nor shares its refills). */
function space(p: TenantPrincipal): string {
  return p.kind === 'api_key' && p.sandbox ? 'sbx' : 'live';
}

export class Limiter {
  constructor(private readonly store: LimitStore) {}

  /**
   * Per-tenant requests/minute with burst (GCRA), then the key's own hourly limit. Headers
   * describe the tenant limit, or the key's when that is the tighter one.
   */
  async checkRequest(p: TenantPrincipal, reply: FastifyReply): Promise<void> {
    const { limits, plan, id } = p.tenant;
    const interval = MINUTE / limits.requests_per_minute;
    const bucket = await this.store.bucket(`req:${space(p)}:${id}`, interval, limits.burst);
    let headers: LimitHeaders = { limit: limits.requests_per_minute, remaining: bucket.remaining, resetMs: bucket.resetMs, plan };
    if (!bucket.allowed) refuse(reply, headers, bucket.retryAfterMs, `Rate limit of ${limits.requests_per_minute} requests per minute exceeded`);
    if (p.kind === 'api_key') {
      const w = await this.store.addToWindow(`key:${space(p)}:${p.keyId}`, HOUR, 1);
      const keyHeaders = { limit: p.rateLimit, remaining: p.rateLimit - w.count, resetMs: w.resetMs, plan };
      if (w.count > p.rateLimit) {
        await this.store.refundWindow(`key:${space(p)}:${p.keyId}`, HOUR, 1);
        refuse(reply, { ...keyHeaders, remaining: 0 }, w.resetMs, `API key limit of ${p.rateLimit} requests per hour exceeded`);
      }
      if (keyHeaders.remaining < headers.remaining) headers = keyHeaders;
    }
    setLimitHeaders(reply, headers);
  }

  /**
   * Spends `cost` footprint calculations (a batch costs one per item) from the caller's daily
   * and per-minute budgets: the tenant's plan, or the anonymous budget of the caller's IP.
   * Nothing is spent when either budget would be exceeded.
   */
  async spendCalculations(p: Principal, reply: FastifyReply, cost: number): Promise<void> {
    const budget = calcBudget(p);
    if (!budget) return;
    const { subject, perDay, perMinute, plan } = budget;
    const dayKey = `calc:d:${subject}`;
    const minuteKey = `calc:m:${subject}`;
    const day = await this.store.addToWindow(dayKey, DAY, cost);
    const dayHeaders = { limit: perDay, remaining: perDay - day.count, resetMs: day.resetMs, plan };
    if (day.count > perDay) {
      await this.store.refundWindow(dayKey, DAY, cost);
      refuse(reply, { ...dayHeaders, remaining: perDay - (day.count - cost) }, day.resetMs, `Daily budget of ${perDay} footprint calculations exceeded`);
    }
    const minute = await this.store.addToWindow(minuteKey, MINUTE, cost);
    if (minute.count > perMinute) {
      await Promise.all([this.store.refundWindow(dayKey, DAY, cost), this.store.refundWindow(minuteKey, MINUTE, cost)]);
      refuse(reply, { ...dayHeaders, remaining: perDay - (day.count - cost) }, minute.resetMs, `Budget of ${perMinute} footprint calculations per minute exceeded`);
    }
    setLimitHeaders(reply, dayHeaders);
  }

  /**
   * Spends as many of `wanted` calculations as both budgets still allow and returns that number
   * (a batch answers the rest with per-item errors). Refuses with 429 only when not even one is
   * left. The excess is added and taken back, like spendCalculations' refusals.
   */
  async spendUpTo(p: Principal, reply: FastifyReply, wanted: number): Promise<number> {
    const budget = calcBudget(p);
    if (!budget || wanted <= 0) return Math.max(0, wanted);
    const { subject, perDay, perMinute, plan } = budget;
    const dayKey = `calc:d:${subject}`;
    const minuteKey = `calc:m:${subject}`;
    const day = await this.store.addToWindow(dayKey, DAY, wanted);
    const dayOver = Math.min(wanted, Math.max(0, day.count - perDay));
    if (dayOver > 0) await this.store.refundWindow(dayKey, DAY, dayOver);
    const afterDay = wanted - dayOver;
    const dayHeaders = { limit: perDay, remaining: perDay - (day.count - dayOver), resetMs: day.resetMs, plan };
    if (afterDay === 0) refuse(reply, dayHeaders, day.resetMs, `Daily budget of ${perDay} footprint calculations exceeded`);
    const minute = await this.store.addToWindow(minuteKey, MINUTE, afterDay);
    const minuteOver = Math.min(afterDay, Math.max(0, minute.count - perMinute));
    if (minuteOver > 0) {
      await Promise.all([this.store.refundWindow(dayKey, DAY, minuteOver), this.store.refundWindow(minuteKey, MINUTE, minuteOver)]);
    }
    const granted = afterDay - minuteOver;
    const headers = { ...dayHeaders, remaining: dayHeaders.remaining + minuteOver };
    if (granted === 0) refuse(reply, headers, minute.resetMs, `Budget of ${perMinute} footprint calculations per minute exceeded`);
    setLimitHeaders(reply, headers);
    return granted;
  }
}

/** Whose calculation budget a principal spends, and its size; null for operators (no budget). */
function calcBudget(p: Principal): { subject: string; perDay: number; perMinute: number; plan: string } | null {
  if (p.kind === 'user' || p.kind === 'api_key') {
    return { subject: `${space(p)}:${p.tenant.id}`, perDay: p.tenant.limits.calcs_per_day, perMinute: p.tenant.limits.calcs_per_minute, plan: p.tenant.plan };
  }
  if (p.kind === 'anonymous') {
    return { subject: `ip:${p.ip}`, perDay: ANONYMOUS_CALC_LIMITS.calcs_per_day, perMinute: ANONYMOUS_CALC_LIMITS.calcs_per_minute, plan: 'anonymous' };
  }
  return null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Limits for routes to call, e.g. `app.limiter.spendCalculations(req.principal, reply, items.length)`. */
    limiter: Limiter;
  }
}
