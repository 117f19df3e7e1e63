import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { testDatabase, unique } from './database.ts';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({
      JWT_SECRET: 'test-secret-that-is-at-least-32-characters-long',
      LOG_LEVEL: 'silent',
      REGISTRATIONS_PER_IP_HOUR: '1000000',
      REDIS_URL: process.env.REDIS_URL,
    }),
    ...overrides,
  };
}

/**
 * The real app on the worker's shared database; closing it leaves the database open. Each app
 * gets its own rate-limit namespace unless a test shares one on purpose (several instances).
 */
export async function buildTestApp(
  opts: { config?: Partial<Config>; extraApiPlugins?: FastifyPluginAsync[]; limitPrefix?: string } = {},
): Promise<FastifyInstance> {
  const database = await testDatabase();
  const app = await buildApp({
    config: testConfig(opts.config),
    database,
    ownsDatabase: false,
    logger: false,
    extraApiPlugins: opts.extraApiPlugins,
    limitPrefix: opts.limitPrefix ?? unique('lim'),
  });
  await app.ready();
  return app;
}
