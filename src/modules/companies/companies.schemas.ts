import { Type, type Static } from 'typebox';
import { TOPICS } from '../matching/programme-types.ts';

const NonNegative = (description: string, examples: number[]) => Type.Number({ minimum: 0, maximum: 1e15, description, examples });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const SizeClassSchema = Type.Union([Type.Literal('micro'), Type.Literal('small'), Type.Literal('medium'), Type.Literal('large')]);

const companyFields = {
  name: Type.String({ minLength: 1, maxLength: 200, examples: ['Bäckerei Müller GmbH'] }),
  country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2', examples: ['DE'] }),
  region: Type.Optional(Nullable(Type.String({ pattern: '^[A-Z]{2}-[A-Z0-9]{1,3}$', description: 'ISO 3166-2 subdivision', examples: ['DE-BY'] }))),
  nace_code: Type.String({ minLength: 2, maxLength: 10, description: 'NACE Rev. 2 class code', examples: ['10.71'] }),
  employees: Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'Staff headcount (annual work units)', examples: [35] }),
  turnover_eur: Type.Optional(Nullable(NonNegative('Annual turnover in EUR', [4_000_000]))),
  balance_sheet_eur: Type.Optional(Nullable(NonNegative('Balance-sheet total in EUR', [2_500_000]))),
  founded_year: Type.Optional(Nullable(Type.Integer({ minimum: 1000, maximum: 2100, examples: [1952] }))),
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  website: Type.Optional(Nullable(Type.String({ format: 'uri', maxLength: 500 }))),
};

export const CompanyBody = Type.Object(companyFields, { additionalProperties: false });
export type CompanyBody = Static<typeof CompanyBody>;

export const CompanyPatch = Type.Partial(Type.Object(companyFields), { additionalProperties: false, minProperties: 1 });
export type CompanyPatch = Static<typeof CompanyPatch>;

export const CompanyOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  country: Type.String(),
  region: Nullable(Type.String()),
  nace_code: Type.String(),
  nace_title: Nullable(Type.String()),
  employees: Nullable(Type.Integer()),
  turnover_eur: Nullable(Type.Number()),
  balance_sheet_eur: Nullable(Type.Number()),
  founded_year: Nullable(Type.Integer()),
  description: Nullable(Type.String()),
  website: Nullable(Type.String()),
  size_class: Nullable(SizeClassSchema, ),
  size_class_note: Nullable(Type.String({ description: 'Why size_class is null (missing figures), if it is' })),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const CompanyIdParams = Type.Object({ company_id: Type.String({ format: 'uuid' }) });
export const CompanyListQuery = Type.Object({
  page: Type.Integer({ minimum: 1, default: 1 }),
  page_size: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Name contains' })),
  country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
});

const Tonnes = Nullable(Type.Number({ minimum: 0, maximum: 1e12 }));
const Project = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300, examples: ['Replace the gas oven with an electric deck oven'] }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    capex_eur: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1e12 }))),
    topics: Type.Optional(Nullable(Type.Array(Type.Union(TOPICS.map((t) => Type.Literal(t))), { maxItems: 17, uniqueItems: true }))),
  },
  { additionalProperties: false },
);

export const CarbonProfileBody = Type.Object(
  {
    reporting_year: Type.Optional(Nullable(Type.Integer({ minimum: 1990, maximum: 2100 }))),
    scope1_tco2e: Type.Optional(Tonnes),
    scope2_location_tco2e: Type.Optional(Tonnes),
    scope2_market_tco2e: Type.Optional(Tonnes),
    scope3_tco2e: Type.Optional(Tonnes),
    scope3_by_category: Type.Optional(
      Nullable(Type.Record(Type.String({ pattern: '^([1-9]|1[0-5])$' }), Type.Number({ minimum: 0, maximum: 1e12 }), { additionalProperties: false })),
    ),
    energy_consumption_mwh: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1e12 }))),
    reduction_target: Type.Optional(
      Nullable(
        Type.Object(
          {
            percent: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
            base_year: Type.Integer({ minimum: 1990, maximum: 2100 }),
            target_year: Type.Integer({ minimum: 1990, maximum: 2100 }),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    planned_projects: Type.Optional(Nullable(Type.Array(Project, { maxItems: 50 }))),
  },
  { additionalProperties: false },
);
export type CarbonProfileBody = Static<typeof CarbonProfileBody>;

export const CarbonProfileOut = Type.Object({
  company_id: Type.String({ format: 'uuid' }),
  reporting_year: Nullable(Type.Integer()),
  scope1_tco2e: Nullable(Type.Number()),
  scope2_location_tco2e: Nullable(Type.Number()),
  scope2_market_tco2e: Nullable(Type.Number()),
  scope3_tco2e: Nullable(Type.Number()),
  scope3_by_category: Nullable(Type.Record(Type.String(), Type.Number())),
  energy_consumption_mwh: Nullable(Type.Number()),
  reduction_target: Nullable(Type.Object({ percent: Type.Number(), base_year: Type.Integer(), target_year: Type.Integer() })),
  planned_projects: Type.Array(
    Type.Object({
      title: Type.String(),
      description: Nullable(Type.String()),
      capex_eur: Nullable(Type.Number()),
      topics: Type.Array(Type.String()),
    }),
  ),
  total_tco2e: Nullable(Type.Number({ description: 'scope 1 + scope 2 (market-based if given, else location-based) + scope 3' })),
  updated_at: Nullable(Type.String({ format: 'date-time' })),
});
