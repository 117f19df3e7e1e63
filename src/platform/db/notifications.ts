import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Database } from './client.ts';
import type { Tx } from './tenancy.ts';

/**
 * Postgres LISTEN/NOTIFY on either engine. NOTIFY is transactional: a message sent inside a
 * transaction reaches listeners only if it commits, which is what cache invalidation needs.
 */
export async function notify(tx: Pick<Tx, 'execute'>, channel: string, payload: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${channel}, ${payload})`);
}

export interface Subscription {
  /** False while a PostgreSQL listener is reconnecting: callers must not trust caches then. */
  readonly healthy: () => boolean;
  close(): Promise<void>;
}

/**
 * `onReconnect` runs when a PostgreSQL listener is back after losing its connection: messages
 * sent meanwhile are lost, so a cache kept fresh by them must start over.
 */
export async function listen(database: Database, channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): Promise<Subscription> {
  if (database.pglite) {
    const unlisten = await database.pglite.listen(channel, onMessage);
    return {
      healthy: () => true,
      close: async () => {
        if (!database.pglite?.closed) await unlisten();
      },
    };
  }
  const pool = database.pgPool;
  if (!pool) throw new Error('no database connection to listen on');
  // A dedicated connection: a pooled one would be handed to queries and lose the LISTEN.
  const options = pool.options;
  let client: pg.Client | null = null;
  let healthy = false;
  let closed = false;
  let lost = false;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ ...options });
    c.on('notification', (msg) => {
      if (msg.channel === channel && msg.payload !== undefined) onMessage(msg.payload);
    });
    c.on('error', () => {
      healthy = false;
      lost = true;
      void c.end().catch(() => undefined);
      if (!closed) setTimeout(() => void connect().catch(() => undefined), 1_000).unref();
    });
    await c.connect();
    await c.query(`listen ${pg.escapeIdentifier(channel)}`);
    client = c;
    healthy = true;
    if (lost) {
      lost = false;
      onReconnect?.();
    }
  };
  await connect();
  return {
    healthy: () => healthy,
    close: async () => {
      closed = true;
      healthy = false;
      await client?.end().catch(() => undefined);
    },
  };
}
