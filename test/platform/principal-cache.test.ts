import { describe, expect, it } from 'vitest';
import type { CredentialStore } from '../../src/platform/auth/credentials.ts';
import { PrincipalCache, type ResolvedCaller } from '../../src/platform/auth/principal-cache.ts';
import { Limiter } from '../../src/platform/limits/rate-limit.ts';
import { MemoryLimitStore } from '../../src/platform/limits/limit-store.ts';
import type { TenantPrincipal } from '../../src/platform/auth/principal.ts';

/** The two things the cache reads from the credential store. */
function fakeStore() {
  const state = { generation: 0, healthy: true };
  const store = { get generation() { return state.generation; }, trusted: () => state.healthy } as unknown as CredentialStore;
  return { state, store };
}

const principal: TenantPrincipal = {
  kind: 'api_key',
  keyId: 'k1',
  tenant: { id: 't1', plan: 'starter', isActive: true, limits: { requests_per_minute: 300, burst: 30, calcs_per_day: 1000, calcs_per_minute: 30 } },
  scopes: new Set(['read']),
  rateLimit: 1000,
  sandbox: false,
};
const header = `Bearer ct_live_${'a'.repeat(43)}`;
const caller = (h = header, until = Number.MAX_SAFE_INTEGER): ResolvedCaller => ({
  header: h,
  principal,
  meter: new Limiter(new MemoryLimitStore()).meterFor(principal),
  keyId: 'k1',
  mode: 'live',
  until,
});

describe('PrincipalCache', () => {
  it('answers a cached header until the credential store evicts anything', () => {
    const { state, store } = fakeStore();
    const cache = new PrincipalCache(store);
    cache.set(caller(), 0);
    expect(cache.get(header, Date.now())?.principal).toBe(principal);
    state.generation += 1;
    expect(cache.get(header, Date.now())).toBeUndefined();
    // Emptied, not merely skipped: the old entry does not come back.
    expect(cache.get(header, Date.now())).toBeUndefined();
  });

  it('does not store a caller read before an eviction (generation guard)', () => {
    const { state, store } = fakeStore();
    const cache = new PrincipalCache(store);
    const readAt = state.generation;
    state.generation += 1; // e.g. a NOTIFY arrived while the records were being read
    cache.set(caller(), readAt);
    expect(cache.get(header, Date.now())).toBeUndefined();
  });

  it('serves nothing while the store cannot trust its cache, and nothing past `until`', () => {
    const { state, store } = fakeStore();
    const cache = new PrincipalCache(store);
    const now = Date.now();
    cache.set(caller(header, now + 1_000), 0);
    state.healthy = false;
    expect(cache.get(header, now)).toBeUndefined();
    state.healthy = true;
    expect(cache.get(header, now)).toBeDefined();
    expect(cache.get(header, now + 1_000)).toBeUndefined();
  });

  it('compares the whole header, not only the part it is filed under', () => {
    const { store } = fakeStore();
    const cache = new PrincipalCache(store);
    cache.set(caller(), 0);
    const sameTail = `Bearer ct_test_${'a'.repeat(43)}`;
    expect(cache.get(sameTail, Date.now())).toBeUndefined();
    expect(cache.get(header, Date.now())).toBeDefined();
  });
});
