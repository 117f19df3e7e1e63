import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { testDatabase } from './database.ts';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ JWT_SECRET: 'test-secret-that-is-at-least-32-characters-long', LOG_LEVEL: 'silent' }), ...overrides };
}

/** The real app on the worker's shared database; closing it leaves the database open. */
export async function buildTestApp(opts: { config?: Partial<Config>; extraApiPlugins?: FastifyPluginAsync[] } = {}): Promise<FastifyInstance> {
  const database = await testDatabase();
  const app = await buildApp({
    config: testConfig(opts.config),
    database,
    ownsDatabase: false,
    logger: false,
    extraApiPlugins: opts.extraApiPlugins,
  });
  await app.ready();
  return app;
}
