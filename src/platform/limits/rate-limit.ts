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
    const t = await this.take(budget, cost);
    if (t.granted < cost) {
      await this.giveBack(budget, t.granted);
      refuse(reply, { ...t.headers, remaining: t.headers.remaining + t.granted }, t.retryAfterMs, t.refusal);
    }
    setLimitHeaders(reply, t.headers);
  }

  /**
   * Spends as many of `wanted` calculations as both budgets still allow and returns that number
   * (a batch answers the rest with per-item errors). Refuses with 429 only when not even one is
   * left.
   */
  async spendUpTo(p: Principal, reply: FastifyReply, wanted: number): Promise<number> {
    const budget = calcBudget(p);
    if (!budget || wanted <= 0) return Math.max(0, wanted);
    const t = await this.take(budget, wanted);
    if (t.granted === 0) refuse(reply, t.headers, t.retryAfterMs, t.refusal);
    setLimitHeaders(reply, t.headers);
    return t.granted;
  }

  /**
   * The one place both budgets are spent: adds `wanted` to the day window and what fits to the
   * minute window, takes back what exceeds either, and says which budget bound.
   */
  private async take(b: Budget, wanted: number) {
    const day = await this.store.addToWindow(dayKey(b), DAY, wanted);
    const dayOver = Math.min(wanted, Math.max(0, day.count - b.perDay));
    if (dayOver > 0) await this.store.refundWindow(dayKey(b), DAY, dayOver);
    const afterDay = wanted - dayOver;
    let minuteOver = 0;
    let minuteResetMs = 0;
    if (afterDay > 0) {
      const minute = await this.store.addToWindow(minuteKey(b), MINUTE, afterDay);
      minuteResetMs = minute.resetMs;
      minuteOver = Math.min(afterDay, Math.max(0, minute.count - b.perMinute));
      if (minuteOver > 0) {
        await Promise.all([this.store.refundWindow(dayKey(b), DAY, minuteOver), this.store.refundWindow(minuteKey(b), MINUTE, minuteOver)]);
      }
    }
    const byDay = dayOver > 0;
    return {
      granted: afterDay - minuteOver,
      headers: { limit: b.perDay, remaining: b.perDay - (day.count - dayOver - minuteOver), resetMs: day.resetMs, plan: b.plan },
      retryAfterMs: byDay ? day.resetMs : minuteResetMs,
      refusal: byDay ? `Daily budget of ${b.perDay} footprint calculations exceeded` : `Budget of ${b.perMinute} footprint calculations per minute exceeded`,
    };
  }

  private async giveBack(b: Budget, n: number): Promise<void> {
    if (n > 0) await Promise.all([this.store.refundWindow(dayKey(b), DAY, n), this.store.refundWindow(minuteKey(b), MINUTE, n)]);
  }
}

interface Budget {
  subject: string;
  perDay: number;
  perMinute: number;
  plan: string;
}
const dayKey = (b: Budget) => `calc:d:${b.subject}`;
const minuteKey = (b: Budget) => `calc:m:${b.subject}`;

/** Whose calculation budget a principal spends, and its size; null for operators (no budget). */
function calcBudget(p: Principal): Budget | null {
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
