import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes, type RateLimiterStoreAbstract } from 'rate-limiter-flexible';

export interface BucketResult {
  allowed: boolean;
  /** Requests that could be made right now. */
  remaining: number;
  /** Milliseconds until the next request would be allowed (0 when allowed). */
  retryAfterMs: number;
  /** Milliseconds until the bucket is full again. */
  resetMs: number;
}

export interface WindowResult {
  /** Units counted in the current window, including this one. */
  count: number;
  resetMs: number;
}

/**
 * The two primitives every limit is built from. Both are atomic per key, in memory and in
 * Redis alike, so concurrent requests can never be admitted past a limit.
 */
export interface LimitStore {
  /** GCRA token bucket: `burst` requests at once, refilling one per `intervalMs`. */
  bucket(key: string, intervalMs: number, burst: number, cost?: number): Promise<BucketResult>;
  /** Adds `cost` to a fixed window of `windowMs` starting at the key's first use. */
  addToWindow(key: string, windowMs: number, cost: number): Promise<WindowResult>;
  /** Takes back units added by a request that was refused after all. */
  refundWindow(key: string, windowMs: number, cost: number): Promise<void>;
  close(): Promise<void>;
}

// A counter that never rejects by itself: the limit is compared by the caller, so one limiter
// per window length serves every key whatever its own limit (plans, per-key rate_limit).
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

/** Fixed windows counted by rate-limiter-flexible (atomic Lua in Redis). */
abstract class WindowedStore implements LimitStore {
  private readonly windows = new Map<number, RateLimiterStoreAbstract>();
  protected abstract makeWindow(windowMs: number): RateLimiterStoreAbstract;
  abstract bucket(key: string, intervalMs: number, burst: number, cost?: number): Promise<BucketResult>;
  abstract close(): Promise<void>;

  private window(windowMs: number) {
    let w = this.windows.get(windowMs);
    if (!w) {
      w = this.makeWindow(windowMs);
      this.windows.set(windowMs, w);
    }
    return w;
  }

  async addToWindow(key: string, windowMs: number, cost: number): Promise<WindowResult> {
    const res = await this.window(windowMs).consume(key, cost);
    if (!(res instanceof RateLimiterRes)) throw new Error('limit store answered without a result');
    return { count: res.consumedPoints, resetMs: res.msBeforeNext };
  }

  async refundWindow(key: string, windowMs: number, cost: number): Promise<void> {
    await this.window(windowMs).reward(key, cost);
  }
}

/**
 * A store that answers in the same tick (one process's memory): the request hook skips promises
 * and, with the `…Now` methods, allocations. Each writes into and returns one reused result
 * object, valid until the next call of the same method.
 */
export interface SyncLimitStore extends LimitStore {
  bucketNow(key: string, intervalMs: number, burst: number, cost: number, now: number): Readonly<BucketResult>;
  addToWindowNow(key: string, windowMs: number, cost: number, now: number): Readonly<WindowResult>;
  refundWindowNow(key: string, windowMs: number, cost: number, now: number): void;
}

export function isSyncLimitStore(store: LimitStore): store is SyncLimitStore {
  return typeof (store as Partial<SyncLimitStore>).bucketNow === 'function';
}

// Mutable holders rather than numbers stored in a Map: a timestamp is no small integer, so
// each Map.set of one would box a new heap number; a field of a holder is updated in place.
interface Tat {
  at: number;
}
interface Window {
  count: number;
  endsAt: number;
}

/**
 * One process's counters. Plain maps rather than a library: every request passes through here,
 * and a synchronous map update is atomic in a single-threaded process at a fraction of the cost.
 */
export class MemoryLimitStore implements SyncLimitStore {
  /** key → theoretical arrival time (ms) of GCRA. */
  private readonly tat = new Map<string, Tat>();
  /** window length → key → count and window end (nested, so no key string is built per call). */
  private readonly windows = new Map<number, Map<string, Window>>();
  private readonly bucketOut: BucketResult = { allowed: false, remaining: 0, retryAfterMs: 0, resetMs: 0 };
  private readonly windowOut: WindowResult = { count: 0, resetMs: 0 };
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const [k, t] of this.tat) if (t.at < now) this.tat.delete(k);
      for (const byKey of this.windows.values()) for (const [k, w] of byKey) if (w.endsAt <= now) byKey.delete(k);
    }, 60_000);
    this.sweeper.unref();
  }

  bucketNow(key: string, intervalMs: number, burst: number, cost: number, now: number): Readonly<BucketResult> {
    const out = this.bucketOut;
    const held = this.tat.get(key);
    const tat = held === undefined || held.at < now ? now : held.at;
    const next = tat + intervalMs * cost;
    const allowAt = next - intervalMs * burst;
    if (allowAt > now) {
      out.allowed = false;
      out.remaining = 0;
      out.retryAfterMs = allowAt - now;
      out.resetMs = tat - now;
      return out;
    }
    if (held === undefined) this.tat.set(key, { at: next });
    else held.at = next;
    out.allowed = true;
    out.remaining = Math.floor((now - allowAt) / intervalMs);
    out.retryAfterMs = 0;
    out.resetMs = next - now;
    return out;
  }

  addToWindowNow(key: string, windowMs: number, cost: number, now: number): Readonly<WindowResult> {
    let byKey = this.windows.get(windowMs);
    if (byKey === undefined) {
      byKey = new Map();
      this.windows.set(windowMs, byKey);
    }
    let w = byKey.get(key);
    if (w === undefined) {
      w = { count: 0, endsAt: now + windowMs };
      byKey.set(key, w);
    } else if (w.endsAt <= now) {
      w.count = 0;
      w.endsAt = now + windowMs;
    }
    w.count += cost;
    this.windowOut.count = w.count;
    this.windowOut.resetMs = w.endsAt - now;
    return this.windowOut;
  }

  refundWindowNow(key: string, windowMs: number, cost: number, now: number): void {
    const w = this.windows.get(windowMs)?.get(key);
    if (w && w.endsAt > now) w.count = Math.max(0, w.count - cost);
  }

  async bucket(key: string, intervalMs: number, burst: number, cost = 1): Promise<BucketResult> {
    return { ...this.bucketNow(key, intervalMs, burst, cost, Date.now()) };
  }

  async addToWindow(key: string, windowMs: number, cost: number): Promise<WindowResult> {
    return { ...this.addToWindowNow(key, windowMs, cost, Date.now()) };
  }

  async refundWindow(key: string, windowMs: number, cost: number): Promise<void> {
    this.refundWindowNow(key, windowMs, cost, Date.now());
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }
}

// GCRA in one Lua call, timed by the Redis server's clock so instances with skewed clocks agree.
const GCRA_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local nxt = tat + interval * cost
local allow_at = nxt - interval * burst
if allow_at > now then
  return {0, 0, math.ceil(allow_at - now), math.ceil(tat - now)}
end
redis.call('SET', KEYS[1], tostring(nxt), 'PX', math.max(1, math.ceil(nxt - now)))
return {1, math.floor((now - allow_at) / interval), 0, math.ceil(nxt - now)}
`;

export class RedisLimitStore extends WindowedStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'cc',
  ) {
    super();
    redis.defineCommand('ccGcra', { numberOfKeys: 1, lua: GCRA_LUA });
  }

  static connect(url: string, prefix?: string): RedisLimitStore {
    const redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    // Connection errors surface on commands; an unhandled 'error' event would crash the process.
    redis.on('error', () => undefined);
    return new RedisLimitStore(redis, prefix);
  }

  protected makeWindow(windowMs: number) {
    return new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `${this.prefix}:w${windowMs}`, points: UNBOUNDED, duration: windowMs / 1000 });
  }

  async bucket(key: string, intervalMs: number, burst: number, cost = 1): Promise<BucketResult> {
    const run = (this.redis as unknown as { ccGcra: (k: string, i: number, b: number, c: number) => Promise<number[]> }).ccGcra;
    const [allowed, remaining, retryAfterMs, resetMs] = await run.call(this.redis, `${this.prefix}:b:${key}`, intervalMs, burst, cost);
    return { allowed: allowed === 1, remaining: remaining ?? 0, retryAfterMs: retryAfterMs ?? 0, resetMs: resetMs ?? 0 };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
