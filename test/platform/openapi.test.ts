import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';

interface Operation {
  summary?: string;
  tags?: string[];
  responses?: Record<string, unknown>;
}
interface Spec {
  openapi: string;
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme?: string; bearerFormat?: string }> };
}

let app: FastifyInstance;
let spec: Spec;
beforeAll(async () => {
  app = await buildTestApp();
  spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
});
afterAll(async () => {
  await app.close();
});

/** Fastify writes params as :id, OpenAPI as {id}. */
const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with bearer JWT and API key schemes', () => {
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(spec.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('lists exactly the routes the router serves', () => {
    const served = new Set(
      app.registeredRoutes.filter((r) => !r.schema?.hide && !r.url.startsWith('/docs')).map((r) => `${r.method} ${toOpenApiPath(r.url)}`),
    );
    const documented = new Set(
      Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    expect([...served].filter((r) => !documented.has(r)), 'served but undocumented').toEqual([]);
    expect([...documented].filter((r) => !served.has(r)), 'documented but not served').toEqual([]);
    expect(served.size).toBeGreaterThan(0);
  });

  it('gives every operation a summary and exactly one declared tag', () => {
    const tagNames = new Set(spec.tags.map((t) => t.name));
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.summary, `${method} ${path}`).toBeTruthy();
        expect(op.tags?.length, `${method} ${path}`).toBe(1);
        expect(tagNames.has(op.tags?.[0] ?? ''), `${method} ${path} tag`).toBe(true);
      }
    }
  });
});

describe('security requirements', () => {
  it("follow each route's access rule, so Swagger UI's Authorize applies where a login is accepted", () => {
    const me = spec.paths['/api/v1/auth/me']?.get as Operation & { security?: Record<string, string[]>[] };
    expect(me.security).toEqual([{ bearerAuth: [] }, { oauth2Password: [] }, { apiKey: [] }]);
    const keys = spec.paths['/api/v1/auth/api-keys']?.post as Operation & { security?: Record<string, string[]>[] };
    expect(keys.security).toEqual([{ bearerAuth: [] }, { oauth2Password: [] }]);
    const login = spec.paths['/api/v1/auth/login']?.post as Operation & { security?: Record<string, string[]>[] };
    expect(login.security).toEqual([]);
    expect(spec.components.securitySchemes.oauth2Password).toMatchObject({ type: 'oauth2' });
  });
});

describe('documentation pages', () => {
  it('serves Swagger UI at /docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });

  it('serves ReDoc at /redoc with its bundle from the package, not a CDN', async () => {
    const page = await app.inject({ method: 'GET', url: '/redoc' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('spec-url="/openapi.json"');
    expect(page.body).not.toMatch(/https?:\/\//);
    const bundle = await app.inject({ method: 'GET', url: '/redoc/redoc.standalone.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-type']).toContain('javascript');
    expect(bundle.body.length).toBeGreaterThan(500_000);
  });
});
