/**
 * Public reference data: countries (with EU/EEA flags and grid factors), grid factors and device
 * categories. One plugin for every /reference route: the NACE routes belong here too (see the
 * marked place at the end), sharing the same public access and anonymous metering.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import countries from 'i18n-iso-countries';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorResponses } from '../../platform/http/error-schema.ts';
import { meterAnonymous, PUBLIC_ACCESS } from '../footprint/public-access.ts';
import { DEVICE_CATEGORIES } from '../footprint/model/categories.ts';
import { defaultFootprintModel } from '../footprint/model/estimator.ts';
import { findGridFactor, GRID_FACTOR_SOURCE, listGridFactors } from '../footprint/model/grid-factors.ts';
import { countryMembership, countryName } from './eu-membership.ts';

const Sandbox = Type.Optional(Type.Boolean());
const GridSource = Type.Object({ source: Type.String(), license: Type.String(), year: Type.Union([Type.Integer(), Type.Null()]), year_note: Type.String() });

const CountryOut = Type.Object({
  alpha2: Type.String(),
  alpha3: Type.String(),
  name: Type.String(),
  eu_member: Type.Boolean(),
  eea_member: Type.Boolean(),
  efta_member: Type.Boolean(),
  grid_kg_per_kwh: Type.Union([Type.Number(), Type.Null()], { description: 'Average grid intensity, kg CO2e/kWh (null: no data)' }),
});
const CountriesReply = Type.Object({ items: Type.Array(CountryOut), total: Type.Integer(), grid_factor_source: GridSource, _sandbox: Sandbox });

const GridFactorOut = Type.Object({
  code: Type.String({ description: 'ISO 3166-1 alpha-2, or EU / WW' }),
  name: Type.String(),
  kg_per_kwh: Type.Number(),
  year: Type.Union([Type.Integer(), Type.Null()]),
  source: Type.String(),
});
const GridFactorsReply = Type.Object({ items: Type.Array(GridFactorOut), total: Type.Integer(), source: GridSource, _sandbox: Sandbox });

const CategoryOut = Type.Object({
  category: Type.String(),
  default_lifetime_years: Type.Number(),
  default_yearly_kwh: Type.Number(),
  typical_total_kg: Type.Object({ p10: Type.Number(), p50: Type.Number(), p90: Type.Number() }),
  declared_products: Type.Integer({ description: 'Catalogue rows the defaults rest on' }),
  borrowed_from: Type.Union([Type.String(), Type.Null()], { description: 'Category whose figures were borrowed when too few rows exist' }),
});
const CategoriesReply = Type.Object({ items: Type.Array(CategoryOut), total: Type.Integer(), methodology_version: Type.String(), _sandbox: Sandbox });

const REGION_NAMES: Record<string, string> = { EU: 'European Union (27)', WW: 'World average' };

function buildCountries() {
  const items = Object.keys(countries.getAlpha2Codes())
    .sort()
    .map((alpha2) => {
      const m = countryMembership(alpha2);
      return {
        alpha2,
        alpha3: countries.alpha2ToAlpha3(alpha2) ?? '',
        name: countryName(alpha2),
        eu_member: m?.eu_member ?? false,
        eea_member: m?.eea_member ?? false,
        efta_member: m?.efta_member ?? false,
        grid_kg_per_kwh: findGridFactor(alpha2)?.kg_per_kwh ?? null,
      };
    });
  return { items, total: items.length, grid_factor_source: GRID_FACTOR_SOURCE };
}

function buildGridFactors() {
  const items = listGridFactors().map((g) => ({
    code: g.code,
    name: REGION_NAMES[g.code] ?? countryName(g.code),
    kg_per_kwh: g.kg_per_kwh,
    year: GRID_FACTOR_SOURCE.year,
    source: GRID_FACTOR_SOURCE.source,
  }));
  return { items, total: items.length, source: GRID_FACTOR_SOURCE };
}

function buildCategories() {
  const params = defaultFootprintModel().params;
  const items = DEVICE_CATEGORIES.map((category) => {
    const c = params.categories[category];
    return {
      category,
      default_lifetime_years: c.lifetime_years,
      default_yearly_kwh: c.yearly_kwh,
      typical_total_kg: c.typical_total_kg,
      declared_products: c.n,
      borrowed_from: c.borrowed_from,
    };
  });
  return { items, total: items.length, methodology_version: params.methodology_version };
}

export function referenceRoutes(): FastifyPluginAsync {
  // Static data: built once, answered from memory.
  const countriesList = buildCountries();
  const gridFactors = buildGridFactors();
  const categories = buildCategories();

  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    /** Sandbox keys get the same (deterministic) data, marked as sandbox. */
    const answer = async <T extends object>(req: FastifyRequest, reply: FastifyReply, data: T): Promise<T & { _sandbox?: boolean }> => {
      await meterAnonymous(app, req, reply);
      return req.sandbox ? { ...data, _sandbox: true } : data;
    };
    const responses = (schema: object) => ({ 200: schema, ...errorResponses(401, 429) });

    app.get('/reference/countries', {
      config: PUBLIC_ACCESS,
      schema: {
        summary: 'Countries: ISO codes, names, EU/EEA/EFTA membership, grid factor',
        tags: ['Reference'],
        response: responses(CountriesReply),
      },
    }, async (req, reply) => answer(req, reply, countriesList));

    app.get('/reference/grid-factors', {
      config: PUBLIC_ACCESS,
      schema: {
        summary: 'Electricity grid intensities used for the use phase (kg CO2e/kWh)',
        description: 'Ember yearly averages via @tgwf/co2. The package does not record the data year per value, so `year` is null (see `source.year_note`).',
        tags: ['Reference'],
        response: responses(GridFactorsReply),
      },
    }, async (req, reply) => answer(req, reply, gridFactors));

    app.get('/reference/device-categories', {
      config: PUBLIC_ACCESS,
      schema: {
        summary: 'Device categories with default lifetime, yearly kWh and typical footprint range',
        tags: ['Reference'],
        response: responses(CategoriesReply),
      },
    }, async (req, reply) => answer(req, reply, categories));

    // --- NACE routes (/reference/nace, /reference/nace/:code) go here. ---
  };
}
