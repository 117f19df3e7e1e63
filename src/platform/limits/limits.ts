import type { Config } from '../../config.ts';
import { AppError } from '../http/errors.ts';
import { MemoryLimitStore, RedisLimitStore, type LimitStore } from './limit-store.ts';

/** Memory by default; Redis when configured, so every instance shares one set of counters. */
export function createLimitStore(config: Pick<Config, 'redisUrl'>, prefix = 'cc'): LimitStore {
  return config.redisUrl ? failClosed(RedisLimitStore.connect(config.redisUrl, prefix)) : new MemoryLimitStore();
}

/**
 * When Redis is unreachable, limited requests answer 503 rather than 500, and are not let
 * through unmetered: a limit that silently stops counting is no limit.
 */
function failClosed(store: LimitStore): LimitStore {
  const unavailable = () => new AppError('service_unavailable', 'Rate limiting is temporarily unavailable; retry shortly', { headers: { 'retry-after': '5' } });
  const guard = <T>(p: Promise<T>): Promise<T> => p.catch((err: unknown) => Promise.reject(err instanceof AppError ? err : unavailable()));
  return {
    bucket: (...args) => guard(store.bucket(...args)),
    addToWindow: (...args) => guard(store.addToWindow(...args)),
    refundWindow: (...args) => guard(store.refundWindow(...args)),
    close: () => store.close(),
  };
}
