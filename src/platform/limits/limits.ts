import type { Config } from '../../config.ts';
import { MemoryLimitStore, RedisLimitStore, type LimitStore } from './limit-store.ts';

/** Memory by default; Redis when configured, so every instance shares one set of counters. */
export function createLimitStore(config: Pick<Config, 'redisUrl'>, prefix = 'cc'): LimitStore {
  return config.redisUrl ? RedisLimitStore.connect(config.redisUrl, prefix) : new MemoryLimitStore(prefix);
}
