import { Type, type Static } from 'typebox';
import { PRODUCT_CATEGORIES } from './product-types.ts';

export const CategorySchema = Type.Enum(PRODUCT_CATEGORIES, { description: 'Device category', examples: ['laptop'] });

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Sandbox = Type.Optional(Type.Boolean({ description: 'Present (true) on fixture answers to sandbox keys' }));

export const ProductOut = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    brand: Type.String(),
    name: Type.String(),
    category: CategorySchema,
    private: Type.Boolean({ description: "True for your organisation's own products" }),
    gwp_total_kg: Type.Number({ description: 'Declared lifecycle footprint, kg CO2e' }),
    phase_ratios: Type.Object({ manufacturing: NullableNumber, use: NullableNumber, transport: NullableNumber, eol: NullableNumber }),
    error_ratio: NullableNumber,
    yearly_kwh: NullableNumber,
    lifetime_years: NullableNumber,
    use_location: NullableString,
    assembly_location: NullableString,
    weight_kg: NullableNumber,
    screen_size_in: NullableNumber,
    memory_gb: NullableNumber,
    storage: Type.Array(Type.Object({ type: Type.Union([Type.Literal('ssd'), Type.Literal('hdd')]), capacity_gb: Type.Number() })),
    report_year: Type.Union([Type.Integer(), Type.Null()]),
    generation: Type.Union([Type.Integer(), Type.Null()]),
    mpn: NullableString,
    gtin: NullableString,
    source_url: NullableString,
    dataset_version: NullableString,
  },
  { title: 'Product' },
);
export type ProductOut = Static<typeof ProductOut>;

export const ProductIdParams = Type.Object({ product_id: Type.String({ format: 'uuid' }) });

export const IdentifyBody = Type.Object(
  {
    query: Type.Optional(Type.String({ maxLength: 300, examples: ['Dell Latitude 5430'] })),
    brand: Type.Optional(Type.String({ maxLength: 100 })),
    model: Type.Optional(Type.String({ maxLength: 200 })),
    mpn: Type.Optional(Type.String({ maxLength: 100 })),
    gtin: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false, examples: [{ query: 'Dell Latitude 5430' }] },
);
export type IdentifyBody = Static<typeof IdentifyBody>;

export const ScoredProductOut = Type.Object({ product: ProductOut, score: Type.Number({ minimum: 0, maximum: 1 }) });

export const IdentifyReply = Type.Object({ best: Type.Union([ProductOut, Type.Null()]), candidates: Type.Array(ScoredProductOut), _sandbox: Sandbox });

export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 300 })),
  category: Type.Optional(CategorySchema),
  brand: Type.Optional(Type.String({ maxLength: 100 })),
  page: Type.Integer({ minimum: 1, default: 1 }),
  page_size: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchItem = Type.Object({ ...ProductOut.properties, score: Type.Number() });
export const SearchReply = Type.Object({
  items: Type.Array(SearchItem),
  total: Type.Integer({ minimum: 0 }),
  page: Type.Integer({ minimum: 1 }),
  page_size: Type.Integer({ minimum: 1 }),
  pages: Type.Integer({ minimum: 0 }),
  _sandbox: Sandbox,
});

export const ProductReply = Type.Object({ ...ProductOut.properties, _sandbox: Sandbox });

const Ratio = Type.Number({ minimum: 0, maximum: 1 });
export const CreateProductBody = Type.Object(
  {
    brand: Type.String({ minLength: 1, maxLength: 100, examples: ['Dell'] }),
    name: Type.String({ minLength: 1, maxLength: 200, examples: ['Latitude 5440 (our build)'] }),
    category: CategorySchema,
    gwp_total_kg: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000, examples: [310] }),
    phase_ratios: Type.Optional(
      Type.Object(
        { manufacturing: Type.Optional(Ratio), use: Type.Optional(Ratio), transport: Type.Optional(Ratio), eol: Type.Optional(Ratio) },
        { additionalProperties: false },
      ),
    ),
    error_ratio: Type.Optional(Ratio),
    yearly_kwh: Type.Optional(Type.Number({ minimum: 0, maximum: 200_000 })),
    lifetime_years: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 25 })),
    use_location: Type.Optional(Type.String({ maxLength: 40, description: 'EU, US, WW, Asia or ISO alpha-2' })),
    assembly_location: Type.Optional(Type.String({ maxLength: 40 })),
    weight_kg: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 3000 })),
    screen_size_in: Type.Optional(Type.Number({ minimum: 0, maximum: 120 })),
    memory_gb: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 65536 })),
    report_year: Type.Optional(Type.Integer({ minimum: 1980, maximum: 2100 })),
    mpn: Type.Optional(Type.String({ maxLength: 100 })),
    gtin: Type.Optional(Type.String({ maxLength: 20 })),
    source_url: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type CreateProductBody = Static<typeof CreateProductBody>;
