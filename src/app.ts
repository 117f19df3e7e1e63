import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';
import { createAdminService, ensureOperator } from './modules/admin/admin.service.ts';
import { adminRoutes } from './modules/admin/admin.routes.ts';
import { companiesRoutes } from './modules/companies/companies.routes.ts';
import { createCompaniesService } from './modules/companies/companies.service.ts';
import { naceRoutes } from './modules/reference/nace.routes.ts';
import { grantsRoutes } from './modules/grants/grants.routes.ts';
import { matchingRoutes } from './modules/matching/matching.routes.ts';
import { createMatchingService } from './modules/matching/matching.service.ts';
import { createGrantsService, ensureGrantsSeeded } from './modules/grants/grants.service.ts';
import { assetsRoutes } from './modules/assets/assets.routes.ts';
import { createAssetsService } from './modules/assets/assets.service.ts';
import { footprintRoutes } from './modules/footprint/footprint.routes.ts';
import { createFootprintService } from './modules/footprint/footprint.service.ts';
import { productsRoutes } from './modules/products/products.routes.ts';
import { createProductsService } from './modules/products/products.service.ts';
import { referenceRoutes } from './modules/reference/reference.routes.ts';
import { accountsRoutes } from './modules/accounts/accounts.routes.ts';
import { createAuthService } from './modules/accounts/accounts.service.ts';
import { createApiKeysService } from './modules/accounts/api-keys.service.ts';
import { createMembersService } from './modules/accounts/members.service.ts';
import { auditRoutes } from './platform/audit/audit.routes.ts';
import { registerAuthentication } from './platform/auth/authenticate.ts';
import { CredentialStore } from './platform/auth/credentials.ts';
import { LastUsedTracker } from './platform/auth/last-used.ts';
import { createTokenSigner } from './platform/auth/tokens.ts';
import type { Database } from './platform/db/client.ts';
import { withSystem } from './platform/db/tenancy.ts';
import { registerErrorHandling } from './platform/http/errors.ts';
import { healthRoutes } from './platform/http/health.routes.ts';
import { registerDocs } from './platform/http/openapi.ts';
import { genRequestId } from './platform/http/request-id.ts';
import { recordRoutes } from './platform/http/route-registry.ts';
import { registerValidation } from './platform/http/validation.ts';
import { createLimitStore } from './platform/limits/limits.ts';
import { Limiter } from './platform/limits/rate-limit.ts';
import { LoginThrottle } from './platform/limits/login-throttle.ts';
import { VERSION } from './version.ts';

export const API_PREFIX = '/api/v1';
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

const TAGS = [
  { name: 'Operations', description: 'Health and service metadata' },
  { name: 'Authentication', description: 'Register, sign in, rotate and revoke tokens' },
  { name: 'Users', description: "Your organisation's members and their roles" },
  { name: 'API keys', description: 'Keys for integrations: scopes, sandbox mode, hourly limits' },
  { name: 'Audit', description: 'The hash-chained security audit trail' },
  { name: 'Admin', description: 'Platform operators: tenants, plans and limits' },
  { name: 'Companies', description: 'SME profiles and their carbon profiles' },
  { name: 'Matching', description: 'Explainable company → funding programme matches' },
  { name: 'Grants', description: 'The public catalogue of funding programmes; operators manage it' },
  { name: 'Footprint', description: 'Lifecycle kg CO2e of IT devices, batches and reuse savings' },
  { name: 'Products', description: 'The product footprint catalogue: identify, search, your private products' },
  { name: 'Fleet', description: "Your organisation's IT assets and their footprint totals" },
  { name: 'Reference', description: 'Countries, grid factors, device categories, NACE Rev. 2 (Source: Eurostat)' },
];

export interface AppDeps {
  config: Config;
  database: Database;
  /** Extra plugins under /api/v1 (benchmarks and tests mount probe routes this way). */
  extraApiPlugins?: FastifyPluginAsync[];
  logger?: FastifyServerOptions['logger'];
  /** Close the database when the app closes (false when a test shares one database across apps). */
  ownsDatabase?: boolean;
  /** Namespace of rate-limit counters (tests isolate apps that share one Redis). */
  limitPrefix?: string;
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
  const { config, database } = deps;
  const app = Fastify({
    logger: deps.logger ?? loggerOptions(config),
    genReqId: genRequestId,
    requestIdHeader: false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    trustProxy: config.trustProxy,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });

  recordRoutes(app);
  registerValidation(app);
  // Every hook on the request path is synchronous (done-callback style): an async hook costs a
  // promise and a microtask turn per request for what is a property assignment. The id is set at
  // onRequest, not onSend, so streamed (SSE) answers that never reach onSend carry it too.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  // While shutting down, answers to in-flight requests close their keep-alive connection, so
  // the server can finish closing as soon as the last one is answered.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
  registerErrorHandling(app);
  await app.register(formbody);
  await registerDocs(app, { version: VERSION, tags: TAGS, tokenUrl: `${API_PREFIX}/auth/login` });

  // Platform services
  const limitStore = createLimitStore(config, deps.limitPrefix);
  const limiter = new Limiter(limitStore);
  app.decorate('limiter', limiter);
  const credentials = new CredentialStore(database);
  await credentials.start();
  const lastUsed = new LastUsedTracker(database);
  lastUsed.start();
  const signer = createTokenSigner(config.jwtSecret);
  registerAuthentication(app, { signer, credentials, lastUsed, limiter });

  // Feature services
  const auth = createAuthService({ database, signer, credentials, throttle: new LoginThrottle(limitStore, config.registrationsPerIpHour) });
  const members = createMembersService({ database, credentials, emailInUse: (email) => withSystem(database, (tx) => auth.emailInUse(tx, email)) });
  const apiKeys = createApiKeysService({ database, credentials, lastUsed });
  const admin = createAdminService({ database, credentials });
  const companies = createCompaniesService({ database });
  await ensureGrantsSeeded(database);
  const grants = createGrantsService({ database });
  await grants.start();
  const matching = createMatchingService({ database, companies, programmes: grants });
  const products = createProductsService({ database });
  await products.start();
  if (config.productsCsv) {
    const report = await products.importFileIfEmpty(config.productsCsv);
    if (report) app.log.info({ ...report, rejected: report.rejected.length, warnings: report.warnings.length }, 'product catalogue imported');
  }
  const footprint = createFootprintService();
  const assets = createAssetsService({ database, footprint, catalogue: products });

  await app.register(healthRoutes({ database, version: VERSION }));
  await app.register(
    async (api) => {
      await api.register(accountsRoutes({ auth, members, apiKeys }));
      await api.register(auditRoutes({ database }));
      await api.register(adminRoutes({ admin }));
      await api.register(companiesRoutes({ companies, fleetTotals: (p) => assets.summary(p) }));
      await api.register(naceRoutes());
      await api.register(grantsRoutes({ grants }));
      await api.register(matchingRoutes({ matching }));
      await api.register(productsRoutes({ products }));
      await api.register(footprintRoutes({ footprint, products }));
      await api.register(referenceRoutes());
      await api.register(assetsRoutes({ assets }));
      for (const plugin of deps.extraApiPlugins ?? []) await api.register(plugin);
    },
    { prefix: API_PREFIX },
  );

  if (config.operatorEmail && config.operatorPassword) {
    const outcome = await ensureOperator(database, config.operatorEmail, config.operatorPassword);
    if (outcome === 'created') app.log.info({ email: config.operatorEmail }, 'platform operator created');
    if (outcome === 'conflict') app.log.warn({ email: config.operatorEmail }, 'OPERATOR_EMAIL belongs to a tenant user; operator not created');
  }

  app.addHook('onClose', async () => {
    await lastUsed.stop().catch((err: unknown) => app.log.error({ err }, 'could not flush API key last_used'));
    await credentials.stop();
    await grants.stop();
    await products.stop();
    await limitStore.close();
    if (deps.ownsDatabase ?? true) await database.close();
  });
  return app;
}
