import type { RequestMeter } from '../limits/rate-limit.ts';
import type { CredentialStore } from './credentials.ts';
import type { TenantPrincipal } from './principal.ts';

/** A tenant caller resolved from one Authorization header, with what each request needs of it. */
export interface ResolvedCaller {
  /** The Authorization header it was resolved from. */
  readonly header: string;
  readonly principal: TenantPrincipal;
  /** Limits prepared for this principal. */
  readonly meter: RequestMeter;
  /** API keys only: the key to mark as used and the `X-CarbonTrace-Mode` value. */
  readonly keyId: string | null;
  readonly mode: 'live' | 'sandbox' | null;
  /** The soonest of: the records' cache lifetime, the key's or token's expiry (ms). */
  readonly until: number;
}

const MAX_ENTRIES = 10_000;
// Entries are found by the header's last characters, then the whole header is compared: a Map
// hashes every character of a fresh key string, and a JWT header is some 300 of them. The tail
// of a key (its random part) or of a JWT (its signature) is as distinctive as the whole.
const TAIL = 32;
const tailOf = (header: string) => (header.length > TAIL ? header.slice(header.length - TAIL) : header);

/**
 * Authorization header → resolved caller, so a repeat caller costs one Map lookup instead of a
 * header parse, a SHA-256 of the key (or a JWT check) and three record lookups. Entries derive
 * from the CredentialStore's records and live no longer than they do: any eviction there (a key,
 * user or tenant change, here or, through NOTIFY, in another instance) changes its generation,
 * which empties this cache, and nothing is served while the store cannot trust its own cache.
 *
 * Entries hold the raw header values, as the JWT verification cache holds tokens: the secrets are
 * in this process's memory anyway while requests carry them, and this map is bounded.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, ResolvedCaller>();
  private generation: number;

  constructor(private readonly credentials: CredentialStore) {
    this.generation = credentials.generation;
  }

  get(header: string, now: number): ResolvedCaller | undefined {
    if (!this.current()) return undefined;
    const hit = this.entries.get(tailOf(header));
    if (hit === undefined || hit.header !== header || hit.until <= now || !this.credentials.trusted()) return undefined;
    return hit;
  }

  /** Stores a caller resolved from records read at `generation`, unless something was evicted since. */
  set(caller: ResolvedCaller, generation: number): void {
    this.current();
    if (generation !== this.generation || !this.credentials.trusted()) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(tailOf(caller.header), caller);
  }

  /** Empties the cache when the records it was built from may have changed; false then. */
  private current(): boolean {
    if (this.generation === this.credentials.generation) return true;
    this.entries.clear();
    this.generation = this.credentials.generation;
    return false;
  }
}
