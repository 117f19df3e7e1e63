import { Type, type Static } from 'typebox';
import { DeviceCategorySchema, FootprintRequest, FootprintResult } from '../footprint/footprint.schemas.ts';

const AssetFields = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Defaults to the product text or the category', examples: ['Finance laptops 2023'] })),
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  location: Type.Optional(Type.String({ maxLength: 200 })),
  acquired_on: Type.Optional(Type.String({ format: 'date', examples: ['2023-04-01'] })),
  external_id: Type.Optional(Type.String({ maxLength: 200, description: 'Your inventory or asset-tag id' })),
};

export const AssetBody = Type.Object(
  { ...AssetFields, ...FootprintRequest.properties },
  {
    additionalProperties: false,
    title: 'AssetInput',
    examples: [{ name: 'Sales laptops', quantity: 12, product: { query: 'Dell Latitude 5430' }, usage: { country: 'PL' } }],
  },
);
export type AssetBody = Static<typeof AssetBody>;

export const AssetPatch = Type.Object(
  { ...AssetFields, ...FootprintRequest.properties },
  { additionalProperties: false, description: 'Fields given replace the stored ones; the footprint is always recomputed' },
);
export type AssetPatch = Static<typeof AssetPatch>;

const Breakdown = Type.Object(
  { production_kg: Type.Number(), transport_kg: Type.Number(), use_kg: Type.Number(), eol_kg: Type.Number() },
  { description: 'Phases for all units (× quantity)' },
);

export const AssetOut = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    category: DeviceCategorySchema,
    quantity: Type.Integer(),
    product_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    method: Type.Enum(['declared', 'declared_adjusted', 'estimated']),
    unit_kg_co2e: Type.Number({ description: 'Footprint of one unit' }),
    total_kg_co2e: Type.Number({ description: 'unit_kg_co2e × quantity' }),
    breakdown: Breakdown,
    location: Type.Union([Type.String(), Type.Null()]),
    acquired_on: Type.Union([Type.String(), Type.Null()]),
    external_id: Type.Union([Type.String(), Type.Null()]),
    input: FootprintRequest,
    footprint: FootprintResult,
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { title: 'Asset' },
);
export type AssetOut = Static<typeof AssetOut>;

export const AssetIdParams = Type.Object({ asset_id: Type.String({ format: 'uuid' }) });

export const AssetListQuery = Type.Object({
  page: Type.Integer({ minimum: 1, default: 1 }),
  page_size: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  category: Type.Optional(DeviceCategorySchema),
  method: Type.Optional(Type.Enum(['declared', 'declared_adjusted', 'estimated'])),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Substring of name, external id or location' })),
});
export type AssetListQuery = Static<typeof AssetListQuery>;

export const ASSET_IMPORT_MAX_ROWS = 10_000;

/** JSON `{items: [...]}` or, with Content-Type text/csv, a CSV file (one asset per row). */
export const AssetImportBody = Type.Union([
  Type.Object({ items: Type.Array(Type.Unknown({ description: 'An AssetInput' }), { maxItems: ASSET_IMPORT_MAX_ROWS }) }, { additionalProperties: false }),
  Type.String({ description: 'CSV (text/csv) with a header row' }),
]);

const Issue = Type.Object({ loc: Type.Array(Type.Union([Type.String(), Type.Integer()])), msg: Type.String(), type: Type.String() });
export const AssetRecomputeReply = Type.Object({
  recomputed: Type.Integer(),
  failed: Type.Integer(),
  methodology_version: Type.String({ description: 'The footprint model every recomputed asset now carries' }),
  errors: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), detail: Type.Union([Type.String(), Type.Array(Issue)]) }), {
    description: 'Assets whose stored request no longer computes; they keep their stored footprint',
  }),
});

export const AssetImportReply = Type.Object({
  created: Type.Integer(),
  failed: Type.Integer(),
  ids: Type.Array(Type.String({ format: 'uuid' })),
  errors: Type.Array(
    Type.Object({
      index: Type.Integer({ description: '0-based position among the items / data rows' }),
      row: Type.Union([Type.Integer(), Type.Null()], { description: 'CSV line number (header = 1); null for JSON' }),
      detail: Type.Union([Type.String(), Type.Array(Issue)]),
    }),
  ),
});

const PhaseTotals = {
  units: Type.Integer(),
  total_kg_co2e: Type.Number(),
  production_kg: Type.Number(),
  transport_kg: Type.Number(),
  use_kg: Type.Number(),
  eol_kg: Type.Number(),
};
export const AssetSummary = Type.Object({
  assets: Type.Integer(),
  ...PhaseTotals,
  by_category: Type.Array(Type.Object({ category: Type.String(), assets: Type.Integer(), ...PhaseTotals })),
  by_method: Type.Array(Type.Object({ method: Type.String(), assets: Type.Integer(), ...PhaseTotals })),
  by_methodology: Type.Array(Type.Object({ methodology_version: Type.String(), assets: Type.Integer(), ...PhaseTotals }), {
    description: 'Totals by the footprint model version each stored result was computed with; updating an asset recomputes it with the current one',
  }),
});
