import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireTenant } from '../../platform/auth/principal.ts';
import { errorResponses } from '../../platform/http/error-schema.ts';
import { Paged } from '../../platform/http/pagination.ts';
import { BULK_BODY_LIMIT } from '../footprint/footprint.routes.ts';
import {
  AssetBody,
  AssetIdParams,
  AssetImportBody,
  AssetImportReply,
  AssetListQuery,
  AssetOut,
  AssetPatch,
  AssetRecomputeReply,
  AssetSummary,
} from './assets.schemas.ts';
import type { AssetsService } from './assets.service.ts';

const tenantOf = (req: FastifyRequest) => requireTenant(req.principal);
// Fleet writes need the write scope; sandbox keys are refused (they never write).
const read = { access: { audience: 'tenant' as const } };
const write = { access: { audience: 'tenant' as const, scope: 'write' as const, sandbox: 'refuse' as const } };

export function assetsRoutes(deps: { assets: AssetsService }): FastifyPluginAsync {
  const { assets } = deps;
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    // CSV uploads for the bulk import; scoped to this plugin so no other route accepts text/csv.
    app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: BULK_BODY_LIMIT }, (_req, body, done) => done(null, body));

    app.post('/assets', {
      config: write,
      schema: {
        summary: 'Add an asset (or a group of identical units) to your fleet',
        description: 'Takes a /footprint request plus name, quantity, location, acquired_on, external_id. The footprint is computed and stored with its method.',
        tags: ['Fleet'],
        body: AssetBody,
        response: { 201: AssetOut, ...errorResponses(400, 401, 403, 422, 429) },
      },
    }, async (req, reply) => reply.status(201).send(await assets.create(tenantOf(req), req.body)));

    app.post('/assets/import', {
      config: write,
      bodyLimit: BULK_BODY_LIMIT,
      schema: {
        summary: 'Bulk import assets from CSV or JSON (up to 10,000 rows, 16 MiB)',
        description:
          'JSON `{"items": [AssetInput, …]}` or a CSV file with Content-Type `text/csv` and a header row using the columns ' +
          'name, quantity, category, brand, model, query, mpn, gtin, year, screen_size_in, weight_kg, memory_gb, battery_wh, cpu, gpu, ' +
          'ssd_gb, hdd_gb, country, lifetime_years, yearly_kwh, hours_per_day, assembly_country, location, acquired_on, external_id. ' +
          'Valid rows are stored; each bad row is reported with its position and the fields at fault.',
        tags: ['Fleet'],
        body: AssetImportBody,
        response: { 200: AssetImportReply, ...errorResponses(400, 401, 403, 413, 415, 422, 429) },
      },
    }, async (req) => assets.import(tenantOf(req), req.body));

    app.post('/assets/recompute', {
      config: write,
      schema: {
        summary: 'Compute every asset again with the current footprint model, catalogue and grid factors',
        description:
          'Stored footprints are kept as computed (GET /assets/summary shows them by model version). This recomputes all of your ' +
          'assets from their stored requests in one transaction; an asset whose request no longer computes keeps its footprint and ' +
          'is listed in `errors`. Covered by the request limit, like the other fleet writes.',
        tags: ['Fleet'],
        response: { 200: AssetRecomputeReply, ...errorResponses(401, 403, 429) },
      },
    }, async (req) => assets.recompute(tenantOf(req)));

    app.get('/assets', {
      config: read,
      schema: {
        summary: 'List your fleet (filter by category, method or text)',
        tags: ['Fleet'],
        querystring: AssetListQuery,
        response: { 200: Paged(AssetOut), ...errorResponses(401, 403, 422, 429) },
      },
    }, async (req) => assets.list(tenantOf(req), req.query));

    app.get('/assets/summary', {
      config: read,
      schema: {
        summary: 'Fleet totals by category, method and life-cycle phase',
        tags: ['Fleet'],
        response: { 200: AssetSummary, ...errorResponses(401, 403, 429) },
      },
    }, async (req) => assets.summary(tenantOf(req)));

    app.get('/assets/:asset_id', {
      config: read,
      schema: { summary: 'One asset with its stored footprint', tags: ['Fleet'], params: AssetIdParams, response: { 200: AssetOut, ...errorResponses(401, 403, 404, 422, 429) } },
    }, async (req) => assets.get(tenantOf(req), req.params.asset_id));

    app.patch('/assets/:asset_id', {
      config: write,
      schema: {
        summary: 'Change an asset; its footprint is recomputed',
        tags: ['Fleet'],
        params: AssetIdParams,
        body: AssetPatch,
        response: { 200: AssetOut, ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    }, async (req) => assets.update(tenantOf(req), req.params.asset_id, req.body));

    app.delete('/assets/:asset_id', {
      config: write,
      schema: { summary: 'Remove an asset', tags: ['Fleet'], params: AssetIdParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 422, 429) } },
    }, async (req, reply) => {
      await assets.remove(tenantOf(req), req.params.asset_id);
      return reply.status(204).send(null);
    });
  };
}
