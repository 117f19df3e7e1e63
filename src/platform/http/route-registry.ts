import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';

export interface RegisteredRoute {
  method: string;
  url: string;
  schema: (FastifySchema & { hide?: boolean; tags?: string[]; summary?: string }) | undefined;
  config: unknown;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered, for the route/spec check and the shared security suite. */
    registeredRoutes: RegisteredRoute[];
  }
}

export function recordRoutes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, schema: route.schema as RegisteredRoute['schema'], config: route.config });
    }
  });
}
