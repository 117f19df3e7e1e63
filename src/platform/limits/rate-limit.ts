import type { FastifyReply } from 'fastify';
import { AppError } from '../http/errors.ts';
import type { Principal, TenantPrincipal } from '../auth/principal.ts';
import { isSyncLimitStore, type BucketResult, type LimitStore, type SyncLimitStore, type WindowResult } from './limit-store.ts';
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

function writeLimitHeaders(reply: FastifyReply, limit: string, remaining: number, resetMs: number, plan: string): void {
  void reply.header('x-ratelimit-limit', limit);
  void reply.header('x-ratelimit-remaining', remaining > 0 ? `${remaining}` : '0');
  void reply.header('x-ratelimit-reset', resetMs > 0 ? `${Math.ceil(resetMs / 1000)}` : '0');
  void reply.header('x-ratelimit-plan', plan);
}

/** The request limit's headers: the tenant's, or the API key's hourly window when that is the tighter one. */
function writeRequestHeaders(m: RequestMeter, reply: FastifyReply, bucket: Readonly<BucketResult>, w: Readonly<WindowResult> | null): void {
  if (w !== null && m.keyLimit - w.count < bucket.remaining) writeLimitHeaders(reply, m.keyLimitText, m.keyLimit - w.count, w.resetMs, m.plan);
  else writeLimitHeaders(reply, m.perMinuteText, bucket.remaining, bucket.resetMs, m.plan);
}

export function setLimitHeaders(reply: FastifyReply, h: LimitHeaders): void {
  writeLimitHeaders(reply, `${h.limit}`, h.remaining, h.resetMs, h.plan);
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

/**
 * What the request limit of one principal needs, worked out once per cached principal so a
 * request builds no key strings and converts no limits to header text.
 */
export interface RequestMeter {
  readonly bucketKey: string;
  readonly intervalMs: number;
  readonly burst: number;
  readonly perMinute: number;
  readonly perMinuteText: string;
  readonly plan: string;
  /** The API key's hourly window, null for user tokens. */
  readonly keyWindow: string | null;
  readonly keyLimit: number;
  readonly keyLimitText: string;
}

export class Limiter {
  private readonly sync: SyncLimitStore | null;
  private readonly budgets = new WeakMap<Principal, Budget>();

  constructor(private readonly store: LimitStore) {
    this.sync = isSyncLimitStore(store) ? store : null;
  }

  meterFor(p: TenantPrincipal): RequestMeter {
    const { limits, plan, id } = p.tenant;
    const isKey = p.kind === 'api_key';
    return {
      bucketKey: `req:${space(p)}:${id}`,
      intervalMs: MINUTE / limits.requests_per_minute,
      burst: limits.burst,
      perMinute: limits.requests_per_minute,
      perMinuteText: `${limits.requests_per_minute}`,
      plan,
      keyWindow: isKey ? `key:${space(p)}:${p.keyId}` : null,
      keyLimit: isKey ? p.rateLimit : 0,
      keyLimitText: isKey ? `${p.rateLimit}` : '',
    };
  }

  /**
   * Per-tenant requests/minute with burst (GCRA), then the key's own hourly limit. Headers
   * describe the tenant limit, or the key's when that is the tighter one.
   */
  async checkRequest(p: TenantPrincipal, reply: FastifyReply): Promise<void> {
    await this.check(this.meterFor(p), reply, Date.now());
  }

  /**
   * checkRequest for a prepared meter. With the memory store it completes synchronously and
   * returns undefined (a refusal throws), so the request hook needs no promise; otherwise it
   * returns the promise of the store round trips.
   */
  check(m: RequestMeter, reply: FastifyReply, now: number): Promise<void> | undefined {
    const store = this.sync;
    if (store === null) return this.checkAsync(m, reply);
    const bucket = store.bucketNow(m.bucketKey, m.intervalMs, m.burst, 1, now);
    if (!bucket.allowed) this.refuseBucket(m, reply, bucket.resetMs, bucket.retryAfterMs);
    let w: Readonly<WindowResult> | null = null;
    if (m.keyWindow !== null) {
      w = store.addToWindowNow(m.keyWindow, HOUR, 1, now);
      if (w.count > m.keyLimit) {
        store.refundWindowNow(m.keyWindow, HOUR, 1, now);
        this.refuseKey(m, reply, w.resetMs);
      }
    }
    writeRequestHeaders(m, reply, bucket, w);
    return undefined;
  }

  private async checkAsync(m: RequestMeter, reply: FastifyReply): Promise<void> {
    const bucket = await this.store.bucket(m.bucketKey, m.intervalMs, m.burst);
    if (!bucket.allowed) this.refuseBucket(m, reply, bucket.resetMs, bucket.retryAfterMs);
    let w: WindowResult | null = null;
    if (m.keyWindow !== null) {
      w = await this.store.addToWindow(m.keyWindow, HOUR, 1);
      if (w.count > m.keyLimit) {
        await this.store.refundWindow(m.keyWindow, HOUR, 1);
        this.refuseKey(m, reply, w.resetMs);
      }
    }
    writeRequestHeaders(m, reply, bucket, w);
  }

  private refuseBucket(m: RequestMeter, reply: FastifyReply, resetMs: number, retryAfterMs: number): never {
    refuse(reply, { limit: m.perMinute, remaining: 0, resetMs, plan: m.plan }, retryAfterMs, `Rate limit of ${m.perMinute} requests per minute exceeded`);
  }

  private refuseKey(m: RequestMeter, reply: FastifyReply, resetMs: number): never {
    refuse(reply, { limit: m.keyLimit, remaining: 0, resetMs, plan: m.plan }, resetMs, `API key limit of ${m.keyLimit} requests per hour exceeded`);
  }

  /**
   * Spends `cost` footprint calculations (a batch costs one per item) from the caller's daily
   * and per-minute budgets: the tenant's plan, or the anonymous budget of the caller's IP.
   * Nothing is spent when either budget would be exceeded.
   */
  spendCalculations(p: Principal, reply: FastifyReply, cost: number): Promise<void> {
    try {
      return this.spendCalculationsNow(p, reply, cost) ?? DONE;
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * spendCalculations for a handler that can answer in the same tick: with the memory store it
   * completes synchronously, returns undefined and throws a refusal; otherwise it returns the
   * promise of the store round trips. An awaited promise per request is measurable on the
   * hottest route (POST /footprint), and the memory store needs none.
   */
  spendCalculationsNow(p: Principal, reply: FastifyReply, cost: number): Promise<void> | undefined {
    const budget = this.budgetOf(p);
    if (!budget) return undefined;
    if (this.sync === null) return this.spendCalculationsAsync(budget, reply, cost);
    const t = this.takeNow(this.sync, budget, cost, Date.now());
    if (t.granted < cost) {
      this.giveBackNow(this.sync, budget, t.granted, Date.now());
      refuse(reply, { ...t.headers, remaining: t.headers.remaining + t.granted }, t.retryAfterMs, t.refusal);
    }
    setLimitHeaders(reply, t.headers);
    return undefined;
  }

  private async spendCalculationsAsync(budget: Budget, reply: FastifyReply, cost: number): Promise<void> {
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
    const budget = this.budgetOf(p);
    if (!budget || wanted <= 0) return Math.max(0, wanted);
    const t = this.sync === null ? await this.take(budget, wanted) : this.takeNow(this.sync, budget, wanted, Date.now());
    if (t.granted === 0) refuse(reply, t.headers, t.retryAfterMs, t.refusal);
    setLimitHeaders(reply, t.headers);
    return t.granted;
  }

  /**
   * The one place both budgets are spent: adds `wanted` to the day window and what fits to the
   * minute window, takes back what exceeds either, and says which budget bound. takeNow is the
   * same steps on a store that answers synchronously.
   */
  private async take(b: Budget, wanted: number): Promise<Take> {
    const day = await this.store.addToWindow(b.dayKey, DAY, wanted);
    const dayOver = Math.min(wanted, Math.max(0, day.count - b.perDay));
    if (dayOver > 0) await this.store.refundWindow(b.dayKey, DAY, dayOver);
    const afterDay = wanted - dayOver;
    let minuteOver = 0;
    let minuteCount: number | null = null;
    let minuteResetMs = 0;
    if (afterDay > 0) {
      const minute = await this.store.addToWindow(b.minuteKey, MINUTE, afterDay);
      minuteCount = minute.count;
      minuteResetMs = minute.resetMs;
      minuteOver = Math.min(afterDay, Math.max(0, minuteCount - b.perMinute));
      if (minuteOver > 0) {
        await Promise.all([this.store.refundWindow(b.dayKey, DAY, minuteOver), this.store.refundWindow(b.minuteKey, MINUTE, minuteOver)]);
      }
    }
    return outcome(b, wanted, day.count, day.resetMs, dayOver, minuteCount, minuteResetMs, minuteOver);
  }

  private takeNow(store: SyncLimitStore, b: Budget, wanted: number, now: number): Take {
    const day = store.addToWindowNow(b.dayKey, DAY, wanted, now);
    const dayCount = day.count;
    const dayResetMs = day.resetMs;
    const dayOver = Math.min(wanted, Math.max(0, dayCount - b.perDay));
    if (dayOver > 0) store.refundWindowNow(b.dayKey, DAY, dayOver, now);
    const afterDay = wanted - dayOver;
    let minuteOver = 0;
    let minuteCount: number | null = null;
    let minuteResetMs = 0;
    if (afterDay > 0) {
      const minute = store.addToWindowNow(b.minuteKey, MINUTE, afterDay, now);
      minuteCount = minute.count;
      minuteResetMs = minute.resetMs;
      minuteOver = Math.min(afterDay, Math.max(0, minuteCount - b.perMinute));
      if (minuteOver > 0) this.giveBackNow(store, b, minuteOver, now);
    }
    return outcome(b, wanted, dayCount, dayResetMs, dayOver, minuteCount, minuteResetMs, minuteOver);
  }

  private async giveBack(b: Budget, n: number): Promise<void> {
    if (n > 0) await Promise.all([this.store.refundWindow(b.dayKey, DAY, n), this.store.refundWindow(b.minuteKey, MINUTE, n)]);
  }

  private giveBackNow(store: SyncLimitStore, b: Budget, n: number, now: number): void {
    if (n <= 0) return;
    store.refundWindowNow(b.dayKey, DAY, n, now);
    store.refundWindowNow(b.minuteKey, MINUTE, n, now);
  }

  /** Whose calculation budget a principal spends, and its size; null for operators (no budget). */
  private budgetOf(p: Principal): Budget | null {
    if (p.kind === 'user' || p.kind === 'api_key') {
      // Authenticated principals are cached objects: their budget (and its key strings) is built once.
      let b = this.budgets.get(p);
      if (b === undefined) {
        b = budget(`${space(p)}:${p.tenant.id}`, p.tenant.limits.calcs_per_day, p.tenant.limits.calcs_per_minute, p.tenant.plan);
        this.budgets.set(p, b);
      }
      return b;
    }
    if (p.kind === 'anonymous') return budget(`ip:${p.ip}`, ANONYMOUS_CALC_LIMITS.calcs_per_day, ANONYMOUS_CALC_LIMITS.calcs_per_minute, 'anonymous');
    return null;
  }
}

const DONE: Promise<void> = Promise.resolve();

interface Budget {
  dayKey: string;
  minuteKey: string;
  perDay: number;
  perMinute: number;
  plan: string;
}
const budget = (subject: string, perDay: number, perMinute: number, plan: string): Budget => ({
  dayKey: `calc:d:${subject}`,
  minuteKey: `calc:m:${subject}`,
  perDay,
  perMinute,
  plan,
});

interface Take {
  granted: number;
  headers: LimitHeaders;
  retryAfterMs: number;
  refusal: string;
}

/**
 * The headers describe the tighter of the two budgets after this spend, as the request limit's
 * do (tenant or key): a client that reads Remaining must not be told 20 are left by the day
 * budget and then be refused by the minute's. A refusal names the budget that refused. The
 * minute window is untouched (null) when the day budget left nothing to spend.
 */
function outcome(
  b: Budget,
  wanted: number,
  dayCount: number,
  dayResetMs: number,
  dayOver: number,
  minuteCount: number | null,
  minuteResetMs: number,
  minuteOver: number,
): Take {
  const byDay = dayOver > 0;
  const dayLeft = b.perDay - (dayCount - dayOver - minuteOver);
  const minuteLeft = minuteCount === null ? Infinity : b.perMinute - (minuteCount - minuteOver);
  return {
    granted: wanted - dayOver - minuteOver,
    headers:
      minuteLeft < dayLeft
        ? { limit: b.perMinute, remaining: minuteLeft, resetMs: minuteResetMs, plan: b.plan }
        : { limit: b.perDay, remaining: dayLeft, resetMs: dayResetMs, plan: b.plan },
    retryAfterMs: byDay ? dayResetMs : minuteResetMs,
    refusal: byDay ? `Daily budget of ${b.perDay} footprint calculations exceeded` : `Budget of ${b.perMinute} footprint calculations per minute exceeded`,
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Limits for routes to call, e.g. `app.limiter.spendCalculations(req.principal, reply, items.length)`. */
    limiter: Limiter;
  }
}
