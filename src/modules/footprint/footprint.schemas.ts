import { Type, type Static } from 'typebox';
import { DEVICE_CATEGORIES } from './model/categories.ts';
import { FORM_FACTORS, type FormFactor } from './model/features.ts';

// Response schemas are written for fast-json-stringify: an enum with an explicit `type` is
// written as a string (without it, every value goes through JSON.stringify), and a nullable
// field is one `type: [t, 'null']` (an anyOf makes the serialiser run an Ajv validator per
// branch and per field). Both mean exactly what the TypeBox unions meant, in OpenAPI 3.1 too.

/** A string enum the serialiser writes as a string. */
const StringEnum = <const T extends string[]>(values: readonly [...T], options: { description?: string; examples?: string[] } = {}) =>
  Type.Enum(values, { type: 'string', ...options });
/** `T | null` as one JSON Schema type list rather than an anyOf. */
const NullableString = (options: { format?: string } = {}) => Type.Unsafe<string | null>({ type: ['string', 'null'], ...options });
const NullableNumber = () => Type.Unsafe<number | null>({ type: ['number', 'null'] });
const NullableInteger = () => Type.Unsafe<number | null>({ type: ['integer', 'null'] });

export const DeviceCategorySchema = StringEnum(DEVICE_CATEGORIES, { description: 'Device category', examples: ['laptop'] });

const Sandbox = Type.Optional(Type.Boolean({ description: 'Present (true) on fixture answers to sandbox keys' }));

export const ProductQuery = Type.Object(
  {
    brand: Type.Optional(Type.String({ maxLength: 100, examples: ['Dell'] })),
    model: Type.Optional(Type.String({ maxLength: 200, examples: ['Latitude 5440'] })),
    mpn: Type.Optional(Type.String({ maxLength: 100 })),
    gtin: Type.Optional(Type.String({ maxLength: 20 })),
    query: Type.Optional(Type.String({ maxLength: 300, examples: ['Dell Latitude 5440'] })),
  },
  { additionalProperties: false },
);

// Plausibility bounds (negative weights, 900-inch screens) are checked by the model's
// validateEstimateInput so that they read the same for /footprint, batch items and assets.
export const Specs = Type.Object(
  {
    year: Type.Optional(Type.Integer({ examples: [2023] })),
    screen_size_in: Type.Optional(Type.Number({ examples: [14] })),
    weight_kg: Type.Optional(Type.Number({ examples: [1.4] })),
    memory_gb: Type.Optional(Type.Number()),
    storage: Type.Optional(
      Type.Array(Type.Object({ type: StringEnum(['ssd', 'hdd']), capacity_gb: Type.Number() }, { additionalProperties: false }), { maxItems: 64 }),
    ),
    cpu: Type.Optional(Type.String({ maxLength: 200 })),
    gpu: Type.Optional(Type.String({ maxLength: 200 })),
    battery_wh: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);

export const Usage = Type.Object(
  {
    country: Type.Optional(Type.String({ maxLength: 10, description: 'ISO 3166-1 alpha-2, EU or WW', examples: ['PL'] })),
    lifetime_years: Type.Optional(Type.Number()),
    yearly_kwh: Type.Optional(Type.Number()),
    hours_per_day: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);

export const FootprintRequest = Type.Object(
  {
    product: Type.Optional(ProductQuery),
    category: Type.Optional(DeviceCategorySchema),
    specs: Type.Optional(Specs),
    usage: Type.Optional(Usage),
    assembly_country: Type.Optional(Type.String({ maxLength: 10 })),
  },
  {
    additionalProperties: false,
    title: 'FootprintRequest',
    examples: [
      { product: { query: 'Dell Latitude 5440' }, usage: { country: 'DE' } },
      { category: 'laptop', specs: { screen_size_in: 14, weight_kg: 1.4, year: 2023 }, usage: { country: 'PL' } },
    ],
  },
);
export type FootprintRequest = Static<typeof FootprintRequest>;

const Provenance = StringEnum(['caller', 'catalogue', 'default']);
/** Every input the model reports provenance for (declared so serialisation is fast and documented). */
const INPUT_FIELDS = [
  'category', 'brand', 'model', 'gwp_total', 'year', 'screen_size_in', 'weight_kg', 'memory_gb', 'storage', 'cpu', 'gpu',
  'battery_wh', 'use_country', 'lifetime_years', 'yearly_kwh', 'hours_per_day', 'assembly_country',
] as const;

export const FootprintResult = Type.Object(
  {
    product: Type.Object({
      id: NullableString({ format: 'uuid' }),
      brand: NullableString(),
      name: NullableString(),
      category: DeviceCategorySchema,
      matched: Type.Boolean({ description: 'True when the footprint is the catalogue declaration of an identified product' }),
      match_confidence: Type.Number({ minimum: 0, maximum: 1 }),
    }),
    total_kg_co2e: Type.Number(),
    breakdown: Type.Object({ production_kg: Type.Number(), transport_kg: Type.Number(), use_kg: Type.Number(), eol_kg: Type.Number() }),
    range: Type.Object({ low_kg: Type.Number(), high_kg: Type.Number(), coverage: Type.Number({ description: 'Share of true values the range is calibrated to contain' }) }),
    method: StringEnum(['declared', 'declared_adjusted', 'estimated']),
    assumptions: Type.Object({
      category: DeviceCategorySchema,
      lifetime_years: Type.Number(),
      yearly_kwh: Type.Number(),
      hours_per_day: NullableNumber(),
      use_country: Type.String(),
      grid_kg_per_kwh: Type.Number(),
      grid_basis: StringEnum(['ember', 'manufacturer_sheet', 'declared_sheet']),
      siblings_used: Type.Integer(),
      specs: Type.Optional(
        Type.Object(
          {
            year: NullableInteger(),
            screen_size_in: NullableNumber(),
            weight_kg: NullableNumber(),
            form_factor: Type.Unsafe<FormFactor | null>({
              type: ['string', 'null'],
              enum: [...FORM_FACTORS, null],
              description: 'Desktop-class boxes: the chassis the model name states (Tiny/Micro/Mini, SFF, Tower, Rack), null when it states none',
            }),
          },
          { description: 'Estimates only: the year, screen, weight and form factor the model used, given or assumed (warnings name the assumed ones)' },
        ),
      ),
    }),
    sources: Type.Object({
      dataset_version: Type.String({ description: 'Catalogue import of a declared product, or the dataset the estimator was fitted on' }),
      grid_factor: Type.Object({ source: Type.String(), year: NullableInteger(), year_note: Type.String() }),
      inputs: Type.Object(
        Object.fromEntries(INPUT_FIELDS.map((f) => [f, Type.Optional(Provenance)])) as Record<(typeof INPUT_FIELDS)[number], ReturnType<typeof Type.Optional<typeof Provenance>>>,
        { description: 'Where each input came from: caller, catalogue or default' },
      ),
    }),
    warnings: Type.Array(Type.String(), { description: 'Every default and assumption the result rests on' }),
    methodology_version: Type.String(),
    _sandbox: Sandbox,
  },
  { title: 'FootprintResult' },
);
export type FootprintResult = Static<typeof FootprintResult>;

export const BATCH_MAX_ITEMS = 10_000;

export const BatchBody = Type.Object(
  {
    items: Type.Array(Type.Unknown({ description: 'A FootprintRequest; each item is validated on its own' }), { maxItems: BATCH_MAX_ITEMS }),
  },
  { additionalProperties: false, examples: [{ items: [{ product: { query: 'Dell Latitude 5430' } }, { category: 'monitor', specs: { screen_size_in: 27 } }] }] },
);
export type BatchBody = Static<typeof BatchBody>;

export const ItemError = Type.Object({
  code: Type.String({ examples: ['validation_error', 'rate_limited'] }),
  detail: Type.Union([Type.String(), Type.Array(Type.Object({ loc: Type.Array(Type.Union([Type.String(), Type.Integer()])), msg: Type.String(), type: Type.String() }))]),
});
export type ItemError = Static<typeof ItemError>;

export const BatchReply = Type.Object({
  results: Type.Array(
    Type.Object({ index: Type.Integer(), ok: Type.Boolean(), result: Type.Optional(FootprintResult), error: Type.Optional(ItemError) }),
  ),
  summary: Type.Object({ count: Type.Integer(), ok: Type.Integer(), failed: Type.Integer(), total_kg_co2e: Type.Number() }),
  _sandbox: Sandbox,
});

export const SavingsBody = Type.Object(
  {
    device: FootprintRequest,
    scenario: StringEnum(['reuse', 'refurbish', 'extend_lifetime']),
    extra_years: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 25 })),
  },
  { additionalProperties: false, examples: [{ device: { product: { query: 'Dell Latitude 5430' } }, scenario: 'extend_lifetime', extra_years: 2 }] },
);
export type SavingsBody = Static<typeof SavingsBody>;

export const SavingsReply = Type.Object({
  baseline_kg_co2e: Type.Number({ description: 'A new device for the same years of service' }),
  scenario_kg_co2e: Type.Number(),
  avoided_kg_co2e: Type.Number(),
  avoided_pct: Type.Number(),
  explanation: Type.String(),
  scenario: StringEnum(['reuse', 'refurbish', 'extend_lifetime']),
  extra_years: Type.Number(),
  device: Type.Object({ product: FootprintResult.properties.product, method: FootprintResult.properties.method, total_kg_co2e: Type.Number() }),
  warnings: Type.Array(Type.String()),
  _sandbox: Sandbox,
});
