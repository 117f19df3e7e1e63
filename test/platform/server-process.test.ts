import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/client.ts';
import { queryRows } from '../../src/platform/db/tenancy.ts';
import { freePort, runTs } from '../helpers/process.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'cc-proc-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Start-up failures must be one clear line on stderr and exit code 1, never a stack dump. */
async function expectOneLineFailure(env: Record<string, string>, message: RegExp): Promise<void> {
  const child = runTs('src/server.ts', [], { DATA_DIR: tempDir(), ...env });
  const code = await child.exited;
  expect(code).toBe(1);
  const lines = child.stderr().trim().split('\n').filter((l) => !l.includes('ExperimentalWarning'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(child.stderr()).not.toMatch(/\n\s+at /);
}

describe('server start-up failures', { timeout: 60_000 }, () => {
  it('rejects an unparseable DATABASE_URL', async () => {
    await expectOneLineFailure({ DATABASE_URL: 'postgres://[broken' }, /^carbon-connect: invalid configuration: DATABASE_URL/);
  });

  it('reports an unreachable database without leaking its password', async () => {
    const port = await freePort();
    const child = runTs('src/server.ts', [], { DATABASE_URL: `postgres://u:hunter2@127.0.0.1:${port}/x`, PORT: String(await freePort()) });
    expect(await child.exited).toBe(1);
    expect(child.stderr()).toMatch(/^carbon-connect: cannot reach PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1/);
    expect(child.stderr()).not.toContain('hunter2');
  });

  it('reports a port already in use', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      await expectOneLineFailure({ PORT: String(port) }, /port \d+ on 127\.0\.0\.1 is already in use/);
    } finally {
      blocker.close();
    }
  });

  it('refuses a data directory another process holds', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const first = runTs('src/server.ts', [], { DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' });
    await first.waitFor(/carbon-connect ready/);
    try {
      await expectOneLineFailure({ DATA_DIR: dataDir, PORT: String(await freePort()) }, /data directory .* is in use by process/);
    } finally {
      first.proc.kill('SIGTERM');
      await first.exited;
    }
  });
});

describe('graceful shutdown and durability', { timeout: 90_000 }, () => {
  it('finishes in-flight requests on SIGTERM, exits 0, and restarts on the same data', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const server = runTs('src/server.ts', [], { DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info', REGISTRATIONS_PER_IP_HOUR: '1000' });
    await server.waitFor(/carbon-connect ready/);
    const base = `http://127.0.0.1:${port}/api/v1`;
    // Writes in flight (registration: argon2 + a transaction each) when SIGTERM arrives.
    const writes = Array.from({ length: 12 }, (_, i) => {
      const email = `sigterm-${i}-${Date.now()}@example.com`;
      return fetch(`${base}/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'long-enough-password-1', full_name: 'S', organization_name: 'O' }),
      }).then((r) => ({ email, status: r.status }), () => ({ email, status: 0 }));
    });
    await new Promise((r) => setTimeout(r, 30));
    server.proc.kill('SIGTERM');
    const outcomes = await Promise.all(writes);
    expect(await server.exited, server.stdout() + server.stderr()).toBe(0);
    // Accepted requests complete normally; connections arriving after close get 503 or are refused.
    expect(outcomes.every((o) => [201, 503, 0].includes(o.status))).toBe(true);
    expect(outcomes.some((o) => o.status === 201)).toBe(true);
    expect(server.stdout()).toMatch(/shutting down/);

    const again = runTs('src/server.ts', [], { DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' });
    await again.waitFor(/carbon-connect ready/);
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(200);
    // Every write that was acknowledged survived the shutdown and the restart.
    for (const o of outcomes.filter((x) => x.status === 201)) {
      const login = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: o.email, password: 'long-enough-password-1' }),
      });
      expect(login.status, o.email).toBe(200);
    }
    again.proc.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('keeps every committed write when the process is killed mid-write', async () => {
    const dataDir = tempDir();
    const writer = runTs('test/fixtures/pglite-writer.ts', [dataDir], {});
    await writer.waitFor(/kill-test-30\n/);
    writer.proc.kill('SIGKILL');
    await writer.exited;
    const committed = writer.stdout().split('\n').filter((l) => l.startsWith('kill-test-'));
    expect(committed.length).toBeGreaterThanOrEqual(30);

    const database = await openDatabase({ databaseUrl: null, dataDir });
    try {
      const rows = await queryRows<{ name: string }>(database.db, sql`select name from tenants where name like 'kill-test-%'`);
      const stored = new Set(rows.map((r) => r.name));
      expect(committed.filter((n) => !stored.has(n))).toEqual([]);
      const check = await queryRows<{ ok: number }>(database.db, sql`select count(*)::int as ok from tenants`);
      expect(check[0]?.ok).toBeGreaterThanOrEqual(committed.length);
    } finally {
      await database.close();
    }
  });
});
