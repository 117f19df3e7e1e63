import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { withSystem } from '../db/tenancy.ts';

/**
 * Records when each API key was last used without a write per request: uses are gathered in
 * memory and flushed in one statement every few seconds (and at shutdown). `last_used` is
 * therefore precise to the flush interval; never moved backwards by a slower instance.
 */
export class LastUsedTracker {
  // Holders, not numbers: a millisecond timestamp stored into a Map is boxed anew on every set,
  // while a holder's field is updated in place (this runs on every key-authenticated request).
  private pending = new Map<string, { at: number }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly database: Database,
    private readonly intervalMs = 10_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), this.intervalMs);
    this.timer.unref();
  }

  touch(keyId: string, now = Date.now()): void {
    const held = this.pending.get(keyId);
    if (held === undefined) this.pending.set(keyId, { at: now });
    else if (held.at < now) held.at = now;
  }

  /** The newest use this instance has seen but not yet written. */
  pendingFor(keyId: string): Date | null {
    const held = this.pending.get(keyId);
    return held === undefined ? null : new Date(held.at);
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const values = sql.join(
      [...batch].map(([id, { at }]) => sql`(${id}::uuid, ${new Date(at).toISOString()}::timestamptz)`),
      sql`, `,
    );
    await withSystem(this.database, (tx) =>
      tx.execute(sql`update api_keys k set last_used = greatest(coalesce(k.last_used, v.at), v.at)
        from (values ${values}) as v(id, at) where k.id = v.id`),
    );
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
