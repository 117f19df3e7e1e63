import Fastify from 'fastify';
import { Type } from 'typebox';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { runMigrations } from '../src/platform/db/migrate.ts';

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

const config = loadConfig({ ...process.env, JWT_SECRET: process.env.JWT_SECRET ?? 'bench-secret-bench-secret-bench-secret-42', LOG_LEVEL: 'silent' });
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: null });
await runMigrations(database);
const app = await buildApp({
  config,
  database,
  logger: false,
  extraApiPlugins: [
    async (api) => {
      api.post('/bench/echo', { schema: { summary: 'Benchmark probe', tags: ['Operations'], body: EchoBody, response: { 200: EchoReply } } }, async (req) => req.body);
    },
  ],
});
await app.listen({ port: 0, host: '127.0.0.1' });

const bare = Fastify({ logger: false });
bare.get('/ping', async () => ({ status: 'ok' }));
bare.post('/echo', { schema: { body: EchoBody, response: { 200: EchoReply } } }, async (req) => req.body);
await bare.listen({ port: 0, host: '127.0.0.1' });

const port = (s: { server: { address(): unknown } }) => (s.server.address() as { port: number }).port;
process.stdout.write(`PORTS ${JSON.stringify({ app: port(app), bare: port(bare) })}\n`);
process.on('SIGTERM', () => {
  void Promise.all([app.close(), bare.close()]).then(() => process.exit(0));
});
