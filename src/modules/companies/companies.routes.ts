import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { requireTenant } from '../../platform/auth/principal.ts';
import { errorResponses } from '../../platform/http/error-schema.ts';
import { Paged } from '../../platform/http/pagination.ts';
import {
  CarbonProfileBody,
  CarbonProfileOut,
  CompanyBody,
  CompanyIdParams,
  CompanyListQuery,
  CompanyOut,
  CompanyPatch,
} from './companies.schemas.ts';
import { withFleet, type CompaniesService, type FleetTotals } from './companies.service.ts';
import type { TenantPrincipal } from '../../platform/auth/principal.ts';

const tenant = { access: { audience: 'tenant' as const } };
const tags = ['Companies'];

export function companiesRoutes(deps: { companies: CompaniesService; fleetTotals: (p: TenantPrincipal) => Promise<FleetTotals> }): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const svc = deps.companies;

    app.post('/companies', {
      config: tenant,
      schema: {
        summary: 'Create a company profile',
        description: 'Validates the country, an ISO 3166-2 region inside it and a NACE Rev. 2 class code; derives `size_class` by the EU SME definition.',
        tags,
        body: CompanyBody,
        response: { 201: CompanyOut, ...errorResponses(400, 401, 403, 422, 429) },
      },
    }, async (req, reply) => reply.status(201).send(await svc.create(requireTenant(req.principal), req.body)));

    app.get('/companies', {
      config: tenant,
      schema: { summary: 'List company profiles', tags, querystring: CompanyListQuery, response: { 200: Paged(CompanyOut), ...errorResponses(401, 403, 422, 429) } },
    }, async (req) => svc.list(requireTenant(req.principal), req.query));

    app.get('/companies/:company_id', {
      config: tenant,
      schema: { summary: 'Get a company profile', tags, params: CompanyIdParams, response: { 200: CompanyOut, ...errorResponses(401, 403, 404, 422, 429) } },
    }, async (req) => svc.get(requireTenant(req.principal), req.params.company_id));

    app.patch('/companies/:company_id', {
      config: tenant,
      schema: {
        summary: 'Update a company profile',
        tags,
        params: CompanyIdParams,
        body: CompanyPatch,
        response: { 200: CompanyOut, ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    }, async (req) => svc.update(requireTenant(req.principal), req.params.company_id, req.body));

    app.delete('/companies/:company_id', {
      config: tenant,
      schema: {
        summary: 'Delete a company with its carbon profile and matches',
        tags,
        params: CompanyIdParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 422, 429) },
      },
    }, async (req, reply) => {
      await svc.remove(requireTenant(req.principal), req.params.company_id);
      return reply.status(204).send(null);
    });

    app.get('/companies/:company_id/carbon-profile', {
      config: tenant,
      schema: {
        summary: "Get a company's carbon profile",
        description: 'Empty fields are null; a company without a profile yet answers with every field null.',
        tags,
        params: CompanyIdParams,
        response: { 200: CarbonProfileOut, ...errorResponses(401, 403, 404, 422, 429) },
      },
    }, async (req) => svc.getProfile(requireTenant(req.principal), req.params.company_id));

    app.put('/companies/:company_id/carbon-profile', {
      config: tenant,
      schema: {
        summary: "Replace a company's carbon profile",
        description: 'Scopes 1–3 in t CO2e, scope 3 by GHG Protocol category ("1"–"15"), a reduction target and planned projects.',
        tags,
        params: CompanyIdParams,
        body: CarbonProfileBody,
        response: { 200: CarbonProfileOut, ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    }, async (req) => svc.putProfile(requireTenant(req.principal), req.params.company_id, req.body));

    app.post('/companies/:company_id/carbon-profile/fleet', {
      config: tenant,
      schema: {
        summary: "Pull your IT fleet's footprint into the company's scope 3",
        description:
          'Production and transport of every asset in /assets go to scope 3 category 2 (capital goods), end of life to ' +
          'category 5 (waste); the use phase is electricity already in scope 2 and is reported in `fleet` but not added. ' +
          'Running it again replaces the previous fleet figures.',
        tags,
        params: CompanyIdParams,
        response: {
          200: Type.Object({
            ...CarbonProfileOut.properties,
            fleet: Type.Object({
              assets: Type.Integer(),
              units: Type.Integer(),
              capital_goods_tco2e: Type.Number(),
              end_of_life_tco2e: Type.Number(),
              use_phase_tco2e_not_added: Type.Number(),
            }),
          }),
          ...errorResponses(401, 403, 404, 422, 429),
        },
      },
    }, async (req) => {
      const p = requireTenant(req.principal);
      const fleet = await deps.fleetTotals(p);
      const profile = await svc.updateProfile(p, req.params.company_id, (current) => withFleet(current, fleet));
      return {
        ...profile,
        fleet: {
          assets: fleet.assets,
          units: fleet.units,
          capital_goods_tco2e: Math.round(fleet.production_kg + fleet.transport_kg) / 1000,
          end_of_life_tco2e: Math.round(fleet.eol_kg) / 1000,
          use_phase_tco2e_not_added: Math.round(fleet.use_kg) / 1000,
        },
      };
    });
  };
}
