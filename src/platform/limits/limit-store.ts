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
 * One process's counters. Plain maps rather than a library: every request passes through here,
 * and a synchronous map update is atomic in a single-threaded process at a fraction of the cost.
 */
export class MemoryLimitStore implements LimitStore {
  /** key → theoretical arrival time (ms) of GCRA. */
  private readonly tat = new Map<string, number>();
  /** `${windowMs}:${key}` → count and window end. */
  private readonly windows = new Map<string, { count: number; endsAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const [k, t] of this.tat) if (t < now) this.tat.delete(k);
      for (const [k, w] of this.windows) if (w.endsAt <= now) this.windows.delete(k);
    }, 60_000);
    this.sweeper.unref();
  }

  async addToWindow(key: string, windowMs: number, cost: number): Promise<WindowResult> {
    const now = Date.now();
    const id = `${windowMs}:${key}`;
    let w = this.windows.get(id);
    if (!w || w.endsAt <= now) {
      w = { count: 0, endsAt: now + windowMs };
      this.windows.set(id, w);
    }
    w.count += cost;
    return { count: w.count, resetMs: w.endsAt - now };
  }

  async refundWindow(key: string, windowMs: number, cost: number): Promise<void> {
    const w = this.windows.get(`${windowMs}:${key}`);
    if (w && w.endsAt > Date.now()) w.count = Math.max(0, w.count - cost);
  }

  async bucket(key: string, intervalMs: number, burst: number, cost = 1): Promise<BucketResult> {
    const now = Date.now();
    const tat = Math.max(this.tat.get(key) ?? now, now);
    const next = tat + intervalMs * cost;
    const allowAt = next - intervalMs * burst;
    if (allowAt > now) {
      return { allowed: false, remaining: 0, retryAfterMs: allowAt - now, resetMs: tat - now };
    }
    this.tat.set(key, next);
    return { allowed: true, remaining: Math.floor((now - allowAt) / intervalMs), retryAfterMs: 0, resetMs: next - now };
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
