import Fastify from 'fastify';
import { Type } from 'typebox';
import { buildApp } from '../src/app.ts';
import { benchTenant } from './bench-tenant.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { runMigrations } from '../src/platform/db/migrate.ts';
import { withSystem } from '../src/platform/db/tenancy.ts';
import { sql } from 'drizzle-orm';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { FootprintRequest, FootprintResult } from '../src/modules/footprint/footprint.schemas.ts';
import { createFootprintService } from '../src/modules/footprint/footprint.service.ts';
import { importCatalogue } from '../src/modules/products/catalogue-import.ts';
import { createProductsService } from '../src/modules/products/products.service.ts';

/**
 * The servers under load: the real app (with a validated POST probe until product routes carry
 * the load) and, in the same process, a bare Fastify ceiling with the same validated POST.
 */
const EchoBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  quantity: Type.Integer({ minimum: 0 }),
  tags: Type.Array(Type.String(), { maxItems: 10 }),
});
const EchoReply = Type.Object({ name: Type.String(), quantity: Type.Integer(), tags: Type.Array(Type.String()) });

const config = loadConfig({ ...process.env, JWT_SECRET: process.env.JWT_SECRET ?? 'bench-secret-bench-secret-bench-secret-42', LOG_LEVEL: 'silent', REGISTRATIONS_PER_IP_HOUR: '1000' });
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: null });
await runMigrations(database);
// The footprint scenario identifies real products when the catalogue CSV is at hand.
const csv = process.env.PRODUCTS_CSV ?? path.resolve(import.meta.dirname, '../../shared/data/pcf/products.csv');
if (existsSync(csv)) await importCatalogue(database, readFileSync(csv, 'utf8'), csv);
const app = await buildApp({
  config,
  database,
  logger: false,
  extraApiPlugins: [
    async (api) => {
      api.post('/bench/echo', { schema: { summary: 'Benchmark probe', tags: ['Operations'], body: EchoBody, response: { 200: EchoReply } } }, async (req) => req.body);
      // The same route behind authentication, scope checks and the tenant's limits.
      api.post(
        '/bench/echo-auth',
        { config: { access: { audience: 'tenant', scope: 'read' } }, schema: { summary: 'Benchmark probe (authenticated)', tags: ['Operations'], body: EchoBody, response: { 200: EchoReply } } },
        async (req) => req.body,
      );
    },
  ],
});
await app.listen({ port: 0, host: '127.0.0.1' });

// A tenant whose limits are on but far above the load, so the bench measures their cost, not refusals.
const { jwt } = await benchTenant(app, database, { requests_per_minute: 100_000_000, burst: 10_000_000, calcs_per_day: 100_000_000, calcs_per_minute: 10_000_000 });
const keyRes = await app.inject({
  method: 'POST',
  url: '/api/v1/auth/api-keys',
  headers: { authorization: `Bearer ${jwt}` },
  payload: { key_name: 'bench', scopes: 'read', rate_limit: 1_000_000 },
});
const { key: apiKey, id: apiKeyId } = keyRes.json() as { key: string; id: string };
// The API caps a key at 1,000,000 requests an hour; a full bench run sends more than that with
// one key, and refusals would be measured instead of the work. Raised directly, as the tenant's.
await withSystem(database, (tx) => tx.execute(sql`update api_keys set rate_limit = 1000000000 where id = ${apiKeyId}`));

const bare = Fastify({ logger: false });
bare.get('/ping', async () => ({ status: 'ok' }));
bare.post('/echo', { schema: { body: EchoBody, response: { 200: EchoReply } } }, async (req) => req.body);
// The footprint ceiling: same body and response schemas and the same work (identification in
// the same catalogue, estimate or declared footprint, provenance and warnings), with nothing of
// the app around it (no auth, limits, request ids or error mapping).
const bareProducts = createProductsService({ database });
await bareProducts.start();
const bareFootprint = createFootprintService();
bare.post('/footprint', { schema: { body: FootprintRequest, response: { 200: FootprintResult } } }, async (req) =>
  bareFootprint.calculate(req.body as FootprintRequest, bareProducts, null),
);
// The echo's validation and routing, answering a footprint's bytes (one answer of the specs mix,
// serialized once): how much of the gap to the echo is the size of the answer alone.
const sizedAnswer = JSON.stringify(
  bareFootprint.calculate({ category: 'laptop', specs: { screen_size_in: 14, weight_kg: 1.4, year: 2023 }, usage: { country: 'PL' } }, bareProducts, null),
);
bare.post('/echo-sized', { schema: { body: EchoBody } }, async (_req, reply) => reply.type('application/json; charset=utf-8').send(sizedAnswer));
await bare.listen({ port: 0, host: '127.0.0.1' });

const port = (s: { server: { address(): unknown } }) => (s.server.address() as { port: number }).port;
process.stdout.write(`PORTS ${JSON.stringify({ app: port(app), bare: port(bare), jwt, apiKey })}\n`);
process.on('SIGTERM', () => {
  void Promise.all([app.close(), bare.close(), bareProducts.stop()]).then(() => process.exit(0));
});

// BENCH_CPU_PROFILE=file.cpuprofile: SIGUSR2 starts the V8 profiler, the next SIGUSR2 writes the
// profile. Profiling only the loaded phase keeps PGlite's initdb and the catalogue import out of it.
const profileFile = process.env.BENCH_CPU_PROFILE;
if (profileFile) {
  const session = new Session();
  session.connect();
  let running = false;
  process.on('SIGUSR2', () => {
    void (async () => {
      if (!running) {
        running = true;
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 100 });
        await session.post('Profiler.start');
        process.stderr.write('profiler started\n');
      } else {
        running = false;
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(profileFile, JSON.stringify(profile));
        process.stderr.write(`profile written to ${profileFile}\n`);
      }
    })();
  });
}
