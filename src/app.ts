import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './platform/db/client.ts';
import { registerErrorHandling } from './platform/http/errors.ts';
import { healthRoutes } from './platform/http/health.routes.ts';
import { registerDocs } from './platform/http/openapi.ts';
import { genRequestId } from './platform/http/request-id.ts';
import { recordRoutes } from './platform/http/route-registry.ts';
import { VERSION } from './version.ts';

export const API_PREFIX = '/api/v1';
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface AppDeps {
  config: Config;
  database: Database;
  /** Extra plugins under /api/v1 (benchmarks and tests mount probe routes this way). */
  extraApiPlugins?: FastifyPluginAsync[];
  logger?: FastifyServerOptions['logger'];
  /** Close the database when the app closes (false when a test shares one database across apps). */
  ownsDatabase?: boolean;
}

export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    // Credentials never reach the log, whatever a future serializer decides to include.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password', 'req.body.refresh_token', '*.password', '*.token'],
      censor: '[redacted]',
    },
  };
}

/** The one wiring point: platform first, then feature modules. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? loggerOptions(deps.config),
    genReqId: genRequestId,
    requestIdHeader: false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    trustProxy: deps.config.trustProxy,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: true, allErrors: false } },
  });

  recordRoutes(app);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  registerErrorHandling(app);
  await app.register(formbody);
  await registerDocs(app, { version: VERSION });

  await app.register(healthRoutes({ database: deps.database, version: VERSION }));

  await app.register(
    async (api) => {
      for (const plugin of deps.extraApiPlugins ?? []) await api.register(plugin);
    },
    { prefix: API_PREFIX },
  );

  if (deps.ownsDatabase ?? true) {
    app.addHook('onClose', async () => {
      await deps.database.close();
    });
  }
  return app;
}
