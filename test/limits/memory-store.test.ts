import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryLimitStore } from '../../src/platform/limits/limit-store.ts';

/** The reference: the GCRA and fixed-window arithmetic as plain functions of the clock. */
function reference() {
  const tat = new Map<string, number>();
  const windows = new Map<string, { count: number; endsAt: number }>();
  return {
    bucket(key: string, interval: number, burst: number, now: number) {
      const t = Math.max(tat.get(key) ?? now, now);
      const next = t + interval;
      const allowAt = next - interval * burst;
      if (allowAt > now) return { allowed: false, remaining: 0, retryAfterMs: allowAt - now, resetMs: t - now };
      tat.set(key, next);
      return { allowed: true, remaining: Math.floor((now - allowAt) / interval), retryAfterMs: 0, resetMs: next - now };
    },
    add(key: string, windowMs: number, cost: number, now: number) {
      let w = windows.get(`${windowMs}:${key}`);
      if (!w || w.endsAt <= now) {
        w = { count: 0, endsAt: now + windowMs };
        windows.set(`${windowMs}:${key}`, w);
      }
      w.count += cost;
      return { count: w.count, resetMs: w.endsAt - now };
    },
  };
}

describe('MemoryLimitStore (synchronous path)', () => {
  it('matches the reference GCRA and window arithmetic over any sequence of calls and clock steps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ op: fc.constantFrom('bucket', 'window'), key: fc.constantFrom('a', 'b'), step: fc.integer({ min: 0, max: 5_000 }), cost: fc.integer({ min: 1, max: 3 }) }), { maxLength: 200 }),
        (calls) => {
          const store = new MemoryLimitStore();
          const ref = reference();
          let now = 1_000_000;
          try {
            for (const c of calls) {
              now += c.step;
              if (c.op === 'bucket') expect({ ...store.bucketNow(c.key, 700, 4, 1, now) }).toEqual(ref.bucket(c.key, 700, 4, now));
              else expect({ ...store.addToWindowNow(c.key, 10_000, c.cost, now) }).toEqual(ref.add(c.key, 10_000, c.cost, now));
            }
          } finally {
            void store.close();
          }
        },
      ),
    );
  });

  it('starts a new window once the old one has ended, and refunds only into a live window', () => {
    const store = new MemoryLimitStore();
    expect(store.addToWindowNow('k', 1_000, 5, 0).count).toBe(5);
    store.refundWindowNow('k', 1_000, 2, 500);
    expect(store.addToWindowNow('k', 1_000, 0, 999)).toEqual({ count: 3, resetMs: 1 });
    store.refundWindowNow('k', 1_000, 2, 1_000); // the window ended: nothing to refund into
    expect(store.addToWindowNow('k', 1_000, 1, 1_000)).toEqual({ count: 1, resetMs: 1_000 });
    void store.close();
  });
});
