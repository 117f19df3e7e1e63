import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isTenantPrincipal, requireTenant } from '../../platform/auth/principal.ts';
import { errorResponses } from '../../platform/http/error-schema.ts';
import { notFound, validationError } from '../../platform/http/errors.ts';
import { PageQuery, Paged } from '../../platform/http/pagination.ts';
import { meterAnonymous, PUBLIC_ACCESS } from '../footprint/public-access.ts';
import type { IdentifyResult, ScoredProduct } from './product-search.ts';
import { CreateProductBody, IdentifyBody, IdentifyReply, ProductIdParams, ProductOut, ProductReply, SearchQuery, SearchReply } from './products.schemas.ts';
import { sandboxCatalogue } from './products.sandbox.ts';
import type { ProductsService } from './products.service.ts';

const tenantIdOf = (req: FastifyRequest): string | null => (isTenantPrincipal(req.principal) ? req.principal.tenant.id : null);

export function productsRoutes(deps: { products: ProductsService }): FastifyPluginAsync {
  const { products } = deps;
  const out = (s: Omit<ScoredProduct, 'score'>) => products.toOut(s);
  const identifyOut = (r: IdentifyResult) => ({ best: r.best ? out(r.best) : null, candidates: r.candidates.map((c) => ({ product: out(c), score: c.score })) });

  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/products/identify', {
      config: PUBLIC_ACCESS,
      schema: {
        summary: 'Identify a product: exact MPN/GTIN, then fuzzy name matching',
        description:
          'Exact part number or barcode first; otherwise the name is matched respecting model numbers and generations ' +
          '("Latitude 5430" never matches 5440). `best` is null when no candidate reaches 0.6.',
        tags: ['Products'],
        body: IdentifyBody,
        response: { 200: IdentifyReply, ...errorResponses(400, 401, 422, 429) },
      },
    }, async (req, reply) => {
      const b = req.body;
      if (![b.query, b.brand, b.model, b.mpn, b.gtin].some((s) => typeof s === 'string' && s.trim() !== '')) {
        throw validationError([{ loc: ['body'], msg: 'give at least one of query, brand, model, mpn, gtin', type: 'required' }]);
      }
      await meterAnonymous(app, req, reply);
      if (req.sandbox) return { ...identifyOut(sandboxCatalogue().index.identify(b)), _sandbox: true };
      return identifyOut(products.identify(b, tenantIdOf(req)));
    });

    app.get('/products/search', {
      config: PUBLIC_ACCESS,
      schema: {
        summary: 'Search the catalogue (and your private products)',
        description: 'Without `q`, lists by category/brand. Items carry the match score (1 for plain listings).',
        tags: ['Products'],
        querystring: SearchQuery,
        response: { 200: SearchReply, ...errorResponses(400, 401, 422, 429) },
      },
    }, async (req, reply) => {
      await meterAnonymous(app, req, reply);
      const q = req.query;
      const r = req.sandbox ? sandboxCatalogue().index.search(q) : products.search(q, tenantIdOf(req));
      return {
        items: r.items.map((s) => ({ ...out(s), score: s.score })),
        total: r.total,
        page: r.page,
        page_size: r.page_size,
        pages: Math.ceil(r.total / r.page_size),
        ...(req.sandbox ? { _sandbox: true } : {}),
      };
    });

    app.get('/products/:product_id', {
      config: PUBLIC_ACCESS,
      schema: {
        summary: 'One product with its declared footprint',
        tags: ['Products'],
        params: ProductIdParams,
        response: { 200: ProductReply, ...errorResponses(401, 404, 422, 429) },
      },
    }, async (req, reply) => {
      await meterAnonymous(app, req, reply);
      const id = req.params.product_id;
      if (req.sandbox) {
        const hit = sandboxCatalogue().index.get(id);
        if (!hit) throw notFound('Product');
        return { ...out(hit), _sandbox: true };
      }
      const hit = products.get(id, tenantIdOf(req));
      if (!hit) throw notFound('Product');
      return out(hit);
    });

    app.get('/products', {
      config: { access: { audience: 'tenant' } },
      schema: {
        summary: "List your organisation's private products",
        tags: ['Products'],
        querystring: PageQuery,
        response: { 200: Paged(ProductOut), ...errorResponses(401, 403, 422, 429) },
      },
    }, async (req) => products.listPrivate(requireTenant(req.principal), req.query));

    app.post('/products', {
      config: { access: { audience: 'tenant' } },
      schema: {
        summary: 'Add a private product (visible only to your organisation)',
        description: 'Follows the catalogue import rules; identify, search and /footprint find it for your organisation only. Duplicate brand+name → 409.',
        tags: ['Products'],
        body: CreateProductBody,
        response: { 201: ProductOut, ...errorResponses(400, 401, 403, 409, 422, 429) },
      },
    }, async (req, reply) => reply.status(201).send(await products.createPrivate(requireTenant(req.principal), req.body)));

    app.delete('/products/:product_id', {
      config: { access: { audience: 'tenant' } },
      schema: {
        summary: 'Delete one of your private products',
        description: 'Global catalogue products cannot be deleted (404, as for any product that is not yours).',
        tags: ['Products'],
        params: ProductIdParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 422, 429) },
      },
    }, async (req, reply) => {
      await products.removePrivate(requireTenant(req.principal), req.params.product_id);
      return reply.status(204).send(null);
    });
  };
}
