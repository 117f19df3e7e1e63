import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { RouteAccess } from '../auth/access.ts';
import { ErrorEnvelope } from './error-schema.ts';

const require = createRequire(import.meta.url);

const HUMAN: Record<string, string[]>[] = [{ bearerAuth: [] }, { oauth2Password: [] }];

function securityFor(access: RouteAccess): Record<string, string[]>[] | undefined {
  switch (access.audience) {
    case 'public':
      // Public routes accept credentials (they then meter the caller's plan) but need none.
      return access.ignoreCredentials ? [] : [{}, ...HUMAN, { apiKey: [] }];
    case 'user':
    case 'operator':
      return HUMAN;
    case 'tenant':
    case 'authenticated':
      return [...HUMAN, { apiKey: [] }];
  }
}

export interface DocsOptions {
  version: string;
  /** Endpoint groups; every documented route carries exactly one of these tags. */
  tags: readonly { name: string; description: string }[];
  /** Where Swagger UI's Authorize button posts the OAuth2 password form. */
  tokenUrl: string;
}

const REDOC_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Carbon Connect API — ReDoc</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><redoc spec-url="/openapi.json"></redoc><script src="/redoc/redoc.standalone.js"></script></body></html>`;

/**
 * OpenAPI 3.1 generated from the route schemas, Swagger UI at /docs and ReDoc at /redoc.
 * Both UIs are served from installed packages so the docs work on an offline server.
 */
export async function registerDocs(app: FastifyInstance, opts: DocsOptions): Promise<void> {
  app.addSchema(ErrorEnvelope);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Carbon Connect API',
        version: opts.version,
        description:
          'Funding navigator and IT-device footprint API for European SMEs. Errors use one envelope: ' +
          '`{detail, code, request_id}`; validation errors (422) list `{loc, msg, type}`.',
        license: { name: 'Proprietary' },
      },
      servers: [{ url: '/' }],
      tags: [...opts.tags],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /api/v1/auth/login' },
          oauth2Password: {
            type: 'oauth2',
            description: 'Sign in with your email and password (Swagger UI Authorize)',
            flows: { password: { tokenUrl: opts.tokenUrl, scopes: {} } },
          },
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'API key',
            description: 'An API key (ct_live_… or ct_test_…) sent as `Authorization: Bearer <key>`',
          },
        },
      },
    },
    // Security requirements come from the route's `config.access`, one rule for every route, so
    // the spec cannot drift from what the authenticate hook enforces (and Swagger UI's Authorize
    // applies to every route a signed-in user may call).
    transform: ({ schema, url, route }) => {
      const access = (route.config as { access?: RouteAccess } | undefined)?.access;
      const security = access ? securityFor(access) : undefined;
      return { schema: security === undefined ? schema : ({ ...schema, security } as typeof schema), url };
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { persistAuthorization: true, displayRequestDuration: true },
    staticCSP: true,
  });

  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  let redocBundle: Buffer | null = null;
  app.get('/redoc', { schema: { hide: true } }, (_req, reply) => reply.type('text/html; charset=utf-8').send(REDOC_PAGE));
  app.get('/redoc/redoc.standalone.js', { schema: { hide: true } }, (_req, reply) => {
    redocBundle ??= readFileSync(require.resolve('redoc/bundles/redoc.standalone.js'));
    return reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(redocBundle);
  });
}
