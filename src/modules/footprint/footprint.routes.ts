import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isTenantPrincipal } from '../../platform/auth/principal.ts';
import { errorResponses } from '../../platform/http/error-schema.ts';
import { sandboxCatalogue } from '../products/products.sandbox.ts';
import type { ProductsService } from '../products/products.service.ts';
import { countValid, runBatch } from './batch.ts';
import { FootprintMemo, type TextSeen } from './footprint-memo.ts';
import { BatchBody, BatchReply, FootprintRequest, FootprintResult, SavingsBody, SavingsReply, type FootprintRequest as FootprintRequestBody } from './footprint.schemas.ts';
import type { Catalogue, FootprintService } from './footprint.service.ts';
import { PUBLIC_ACCESS } from './public-access.ts';

/** Batch and bulk-import routes take up to 16 MiB (API.md Conventions); everything else 1 MiB. */
export const BULK_BODY_LIMIT = 16 * 1024 * 1024;

const SANDBOX_NOTE = 'sandbox: computed against fixture products (Sandbox Sandbook 14 G3, Sandview 27 Monitor, Sandtower 5 Desktop); nothing is stored';

/** Sandbox keys see only the fixture catalogue, so their answers are the same every time. */
const sandbox: Catalogue = {
  identify: (input) => sandboxCatalogue().index.identify(input),
  lineNeighbours: () => [],
  productDatasetVersion: () => 'sandbox-fixtures',
  cacheScope: () => 'sandbox',
};

const JSON_TYPE = 'application/json; charset=utf-8';

declare module 'fastify' {
  interface FastifyRequest {
    /** POST /footprint only: what its body parser found of the request text (footprint-memo.ts). */
    footprintText?: TextSeen;
  }
}

export function footprintRoutes(deps: { footprint: FootprintService; products: ProductsService }): FastifyPluginAsync {
  const { footprint, products } = deps;
  const memo = new FootprintMemo();
  const tenantIdOf = (req: FastifyRequest): string | null => (isTenantPrincipal(req.principal) ? req.principal.tenant.id : null);
  const catalogueFor = (req: FastifyRequest): Catalogue => (req.sandbox ? sandbox : products);
  const mark = <T extends { warnings: string[] }>(req: FastifyRequest, r: T): T & { _sandbox?: boolean } =>
    req.sandbox ? { ...r, warnings: [SANDBOX_NOTE, ...r.warnings], _sandbox: true } : r;

  /** The memoised POST /footprint answer, sent as the serialized string it was stored as. */
  function answerFootprint(req: FastifyRequest, body: FootprintRequestBody, reply: FastifyReply): void {
    const catalogue = catalogueFor(req);
    const tenantId = tenantIdOf(req);
    const json = memo.answer(body, req.footprintText ?? null, () => catalogue.cacheScope(tenantId), req.sandbox, () =>
      // The route's own response serializer, so a stored answer is exactly what send() would write.
      String(reply.serialize(mark(req, footprint.calculate(body, catalogue, tenantId)))),
    );
    // A string with a JSON content type is written as is (no second serialization).
    void reply.type(JSON_TYPE).send(json);
  }

  /**
   * POST /footprint in a context of its own, whose JSON parser first asks the memo whether the
   * request text is one it has answered (the same parser as everywhere else otherwise: empty
   * and malformed bodies and prototype poisoning are refused alike).
   */
  const single: FastifyPluginAsync = async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.decorateRequest('footprintText', null);
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, text: string, done) => {
      const seen = memo.seeText(text);
      req.footprintText = seen;
      if (typeof seen === 'object' && seen !== null) done(null, seen.body);
      else parseJson(req, text, done);
    });

    app.post('/footprint', {
      config: PUBLIC_ACCESS,
      schema: {
        summary: 'Lifecycle footprint of one device, from a product name or from specs',
        description:
          'With `product`, the catalogue is searched (exact MPN/GTIN, then name): a match answers the declared footprint ' +
          '(`declared`, or `declared_adjusted` when your usage changes the use phase). Otherwise the footprint is estimated from ' +
          '`category` and `specs`. Every default used is listed in `warnings`. Costs one calculation of your plan (anonymous: of your IP).',
        tags: ['Footprint'],
        body: FootprintRequest,
        response: { 200: FootprintResult, ...errorResponses(400, 401, 413, 422, 429) },
      },
    }, (req, reply) => {
      // Not an async handler: with the memory limit store a repeated body is answered in the
      // same tick, with no promise at all (see Limiter.spendCalculationsNow).
      const pending = app.limiter.spendCalculationsNow(req.principal, reply, 1);
      if (pending === undefined) answerFootprint(req, req.body, reply);
      // Sent inside answerFootprint: the promise resolves to nothing, which Fastify leaves alone.
      else return pending.then(() => answerFootprint(req, req.body, reply));
    });
  };

  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    await app.register(single);

    app.post('/footprint/batch', {
      config: PUBLIC_ACCESS,
      bodyLimit: BULK_BODY_LIMIT,
      schema: {
        summary: 'Footprints of up to 10,000 devices in one call',
        description:
          'Each item is a /footprint request, validated and answered on its own (`ok`, `result` or `error`). One calculation per ' +
          'valid item; if your budget cannot cover them all, the first items are answered and the rest get a `rate_limited` ' +
          'error (429 only when no calculation is left). Bodies up to 16 MiB.',
        tags: ['Footprint'],
        body: BatchBody,
        response: { 200: BatchReply, ...errorResponses(400, 401, 413, 422, 429) },
      },
    }, async (req, reply) => {
      const items = req.body.items;
      const wanted = countValid(items);
      const granted = wanted > 0 ? await app.limiter.spendUpTo(req.principal, reply, wanted) : 0;
      const catalogue = catalogueFor(req);
      const tenantId = tenantIdOf(req);
      const out = runBatch(items, granted, (item, prefix) => {
        const r = footprint.calculate(item, catalogue, tenantId, prefix);
        return req.sandbox ? { ...r, _sandbox: true } : r;
      });
      return req.sandbox ? { ...out, _sandbox: true } : out;
    });

    app.post('/savings', {
      config: PUBLIC_ACCESS,
      schema: {
        summary: 'Avoided emissions of reusing, refurbishing or keeping a device longer',
        description:
          'Compares the scenario with a new device delivering the same years of service (embodied emissions amortised over ' +
          'its lifetime). `extra_years` defaults to 2 for extend_lifetime and half a lifetime otherwise. One calculation.',
        tags: ['Footprint'],
        body: SavingsBody,
        response: { 200: SavingsReply, ...errorResponses(400, 401, 413, 422, 429) },
      },
    }, async (req, reply) => {
      await app.limiter.spendCalculations(req.principal, reply, 1);
      return mark(req, footprint.savings(req.body, catalogueFor(req), tenantIdOf(req)));
    });
  };
}
