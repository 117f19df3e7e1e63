import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { openDatabase } from '../../src/platform/db/client.ts';
import { buildTestApp, testConfig } from '../helpers/app.ts';
import { usingPostgres } from '../helpers/database.ts';
import { inject } from 'vitest';

describe('GET /health', () => {
  it('reports ok, the version and a reachable database', async () => {
    const app = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: '/health' });
    await app.close();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/), database: { reachable: true } });
  });

  it('answers 503 when the database is gone', async () => {
    // A database of its own, closed under the app, so the worker's shared one stays usable.
    const database = usingPostgres()
      ? await openDatabase({ databaseUrl: inject('databaseUrl'), dataDir: null, poolMax: 1 })
      : await openDatabase({ databaseUrl: null, dataDir: null });
    const app = await buildApp({ config: testConfig(), database, logger: false });
    await database.close();
    const res = await app.inject({ method: 'GET', url: '/health' });
    await app.close();
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable', database: { reachable: false, latency_ms: null } });
  });
});
