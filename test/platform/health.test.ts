import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { buildTestApp, testConfig } from '../helpers/app.ts';
import { openIsolatedDatabase } from '../helpers/database.ts';

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
    const database = await openIsolatedDatabase();
    const app = await buildApp({ config: testConfig(), database, logger: false });
    await database.close();
    const res = await app.inject({ method: 'GET', url: '/health' });
    await app.close();
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable', database: { reachable: false, latency_ms: null } });
  });
});
