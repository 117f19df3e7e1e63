import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { listen, notify, type Subscription } from '../db/notifications.ts';
import { withSystem, type Tx } from '../db/tenancy.ts';
import { effectiveLimits } from '../limits/plans.ts';
import { apiKeys, operators, tenants, users, type Role } from './auth.tables.ts';
import { SCOPES, type Scope, type TenantState } from './principal.ts';

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  scopes: ReadonlySet<Scope>;
  rateLimit: number;
  isActive: boolean;
  sandbox: boolean;
  expiresAt: Date | null;
}

export interface UserRecord {
  id: string;
  tenantId: string;
  role: Role;
  isActive: boolean;
}

type Invalidation = { kind: 'api_key'; id: string } | { kind: 'user'; id: string } | { kind: 'tenant'; id: string };

const CHANNEL = 'cc_auth_invalidate';
// A safety net only: changes are pushed to every instance through NOTIFY on commit.
const TTL_MS = 60_000;

/** A record and the time (ms) until which this instance may trust it without reading it again. */
export interface Cached<T> {
  readonly value: T;
  readonly until: number;
}

/**
 * Resolves credentials to current records with a per-instance cache. Every change to a key,
 * user or tenant calls `invalidate(tx, …)` inside its transaction; the NOTIFY it sends evicts
 * the entry in every instance as the change commits, so deactivation takes effect at once.
 * If the listener connection is down, the cache is bypassed rather than trusted.
 */
export class CredentialStore {
  private readonly keysByHash = new Map<string, Cached<ApiKeyRecord>>();
  private readonly hashByKeyId = new Map<string, string>();
  private readonly users = new Map<string, Cached<UserRecord>>();
  private readonly tenants = new Map<string, Cached<TenantState>>();
  private subscription: Subscription | null = null;
  /** Bumped by every eviction: a load that started before one must not store what it read. */
  private evictions = 0;

  constructor(private readonly database: Database) {}

  async start(): Promise<void> {
    this.subscription = await listen(
      this.database,
      CHANNEL,
      (payload) => {
        try {
          this.evict(JSON.parse(payload) as Invalidation);
        } catch {
          this.clear();
        }
      },
      () => this.clear(),
    );
  }

  /**
   * Changes with every eviction. Whatever is derived from cached records (the authenticated
   * principal of a token) is valid only while this stays what it was when the records were read.
   */
  get generation(): number {
    return this.evictions;
  }

  /** False while invalidations could be missed (listener reconnecting): trust nothing cached then. */
  trusted(): boolean {
    return this.subscription === null || this.subscription.healthy();
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = null;
    this.clear();
  }

  /** Call inside the transaction that changes the record; eviction happens here and, on commit, everywhere. */
  async invalidate(tx: Pick<Tx, 'execute'>, change: Invalidation): Promise<void> {
    this.evict(change);
    await notify(tx, CHANNEL, JSON.stringify(change));
  }

  async apiKeyByHash(hash: string): Promise<ApiKeyRecord | null> {
    return (await this.apiKeyEntry(hash))?.value ?? null;
  }

  async apiKeyEntry(hash: string): Promise<Cached<ApiKeyRecord> | null> {
    const hit = this.fresh(this.keysByHash.get(hash));
    if (hit) return hit;
    const generation = this.evictions;
    const [row] = await withSystem(this.database, (tx) => tx.select().from(apiKeys).where(eq(apiKeys.keyHash, hash)).limit(1));
    if (!row) return null;
    const record: ApiKeyRecord = {
      id: row.id,
      tenantId: row.tenantId,
      scopes: new Set(row.scopes.filter((s): s is Scope => (SCOPES as readonly string[]).includes(s))),
      rateLimit: row.rateLimit,
      isActive: row.isActive,
      sandbox: row.sandbox,
      expiresAt: row.expiresAt,
    };
    const entry = { value: record, until: Date.now() + TTL_MS };
    if (generation === this.evictions) {
      this.keysByHash.set(hash, entry);
      this.hashByKeyId.set(record.id, hash);
    }
    return entry;
  }

  async user(id: string): Promise<UserRecord | null> {
    return (await this.userEntry(id))?.value ?? null;
  }

  async userEntry(id: string): Promise<Cached<UserRecord> | null> {
    const hit = this.fresh(this.users.get(id));
    if (hit) return hit;
    const generation = this.evictions;
    const [row] = await withSystem(this.database, (tx) =>
      tx.select({ id: users.id, tenantId: users.tenantId, role: users.role, isActive: users.isActive }).from(users).where(eq(users.id, id)).limit(1),
    );
    if (!row) return null;
    const entry = { value: row, until: Date.now() + TTL_MS };
    if (generation === this.evictions) this.users.set(id, entry);
    return entry;
  }

  async tenant(id: string): Promise<TenantState | null> {
    return (await this.tenantEntry(id))?.value ?? null;
  }

  async tenantEntry(id: string): Promise<Cached<TenantState> | null> {
    const hit = this.fresh(this.tenants.get(id));
    if (hit) return hit;
    const generation = this.evictions;
    const [row] = await withSystem(this.database, (tx) => tx.select().from(tenants).where(eq(tenants.id, id)).limit(1));
    if (!row) return null;
    const state: TenantState = { id: row.id, plan: row.plan, limits: effectiveLimits(row.plan, row.customLimits ?? null), isActive: row.isActive };
    const entry = { value: state, until: Date.now() + TTL_MS };
    if (generation === this.evictions) this.tenants.set(id, entry);
    return entry;
  }

  /** Operators are rare and never cached: their token is checked against the table each time. */
  async operatorExists(id: string): Promise<boolean> {
    const rows = await withSystem(this.database, (tx) => tx.select({ id: operators.id }).from(operators).where(eq(operators.id, id)).limit(1));
    return rows.length > 0;
  }

  private fresh<T>(entry: Cached<T> | undefined): Cached<T> | null {
    if (!entry || entry.until < Date.now()) return null;
    if (!this.trusted()) return null;
    return entry;
  }

  private evict(change: Invalidation): void {
    this.evictions += 1;
    if (change.kind === 'api_key') {
      const hash = this.hashByKeyId.get(change.id);
      if (hash) this.keysByHash.delete(hash);
      this.hashByKeyId.delete(change.id);
    } else if (change.kind === 'user') {
      this.users.delete(change.id);
    } else {
      this.tenants.delete(change.id);
    }
  }

  private clear(): void {
    this.evictions += 1;
    this.keysByHash.clear();
    this.hashByKeyId.clear();
    this.users.clear();
    this.tenants.clear();
  }
}
