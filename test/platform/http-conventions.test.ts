import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';
import { probeRoutes } from '../helpers/probe-routes.ts';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp({ extraApiPlugins: [probeRoutes] });
});
afterAll(async () => {
  await app.close();
});

const json = { 'content-type': 'application/json' };

describe('error envelope', () => {
  it('answers an unknown route with 404 in the envelope and a request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    const body = res.json();
    expect(body).toEqual({ detail: expect.any(String), code: 'not_found', request_id: res.headers['x-request-id'] });
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/probe', headers: json, payload: '{"name": "x",' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid_json');
  });

  it('answers a schema violation with 422 and loc/msg/type', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/probe', headers: json, payload: { name: 'x', count: -1 } });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('validation_error');
    expect(body.detail[0]).toEqual({ loc: ['body', 'count'], msg: expect.any(String), type: 'minimum' });
  });

  it('names a missing required field in loc', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/probe', headers: json, payload: { count: 1 } });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc).toEqual(['body', 'name']);
  });

  it('rejects bodies over 1 MiB with 413', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), count: 1 });
    const res = await app.inject({ method: 'POST', url: '/api/v1/probe', headers: json, payload: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });

  it('accepts a body just under 1 MiB', async () => {
    const name = 'x'.repeat(1024 * 1024 - 100);
    const res = await app.inject({ method: 'POST', url: '/api/v1/probe', headers: json, payload: JSON.stringify({ name, count: 1 }) });
    expect(res.statusCode).toBe(200);
  });

  it('hides internal errors behind a generic 500 without a stack', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/probe/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ detail: 'Internal server error', code: 'internal_error', request_id: expect.any(String) });
    expect(res.body).not.toContain('internal detail');
    expect(res.body).not.toContain('at ');
  });

  it('maps typed application errors to their status', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/probe/conflict' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ detail: 'Already exists', code: 'conflict' });
  });

  it('serialises responses through their schema so undeclared fields never leak', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/probe', headers: json, payload: { name: 'a', count: 2 } });
    expect(res.json()).toEqual({ name: 'a', count: 2 });
  });

  it('answers an unsupported content type with 415 in the envelope', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/probe', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported_media_type');
  });
});

describe('request ids', () => {
  it('echoes a well-formed X-Request-ID', async () => {
    const res = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'client-abc_123' } });
    expect(res.headers['x-request-id']).toBe('client-abc_123');
  });

  it('replaces an unsafe X-Request-ID with a generated one', async () => {
    const res = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'bad id with spaces <script>' } });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts a request id on error responses too', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/probe', headers: json, payload: '{' });
    expect(res.headers['x-request-id']).toBe(res.json().request_id);
  });
});

describe('pagination', () => {
  it('returns the envelope with totals', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/probe/paged?page=3&page_size=20' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 45, page: 3, page_size: 20, pages: 3 });
    expect(body.items).toHaveLength(5);
  });

  it('defaults to page 1 of 20', async () => {
    const body = (await app.inject({ method: 'GET', url: '/api/v1/probe/paged' })).json();
    expect(body).toMatchObject({ page: 1, page_size: 20 });
    expect(body.items).toHaveLength(20);
  });

  it.each(['page_size=101', 'page_size=0', 'page=0', 'page=abc'])('rejects %s with 422', async (q) => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/probe/paged?${q}` });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].loc[0]).toBe('query');
  });
});
