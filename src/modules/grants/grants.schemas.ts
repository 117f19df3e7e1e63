import { Type, type Static } from 'typebox';
import { FUNDING_TYPES, PROGRAMME_STATUSES, TOPICS } from '../matching/programme-types.ts';
import { PageQuery, Paged } from '../../platform/http/pagination.ts';
import { FUNDER_TYPES, SLUG_PATTERN, SOURCE_CONFIDENCES } from './grant-record.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const SIZES = ['micro', 'small', 'medium', 'large'] as const;
const Code = (pattern: string, description: string) => Type.Array(Type.String({ pattern }), { maxItems: 60, uniqueItems: true, description });
const DateStr = Type.String({ format: 'date', examples: ['2026-09-30'] });
const AmountLocal = Type.Object(
  { currency: Type.String({ pattern: '^[A-Z]{3}$' }), min: Nullable(Type.Number({ minimum: 0 })), max: Nullable(Type.Number({ minimum: 0 })) },
  { additionalProperties: false, description: 'Award range in another currency (GBP, NOK…), not converted to EUR' },
);

export const GRANT_SORTS = ['relevance', 'closes_at', '-closes_at', 'amount', '-amount', 'title', '-title'] as const;
export type GrantSort = (typeof GRANT_SORTS)[number];

const listOf = (description: string) => Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 20, description }));

export const GrantListQuery = Type.Object({
  ...PageQuery.properties,
  q: Type.Optional(Type.String({ maxLength: 200, pattern: '^[^\\u0000]*$', description: 'Full-text search over title, summary and eligibility notes, in any of the lexicon languages ("Wärmepumpe" finds heat-pump programmes). Web-search syntax: "quoted phrase", -excluded, or.' })),
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2. Matches programmes listing the country, EU-wide programmes when it is an EU member, and programmes open to it as a non-EU participant.' })),
  region: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}[-_][A-Za-z0-9]{1,3}$', description: 'ISO 3166-2 (e.g. BE-VLG). Excludes programmes restricted to other regions; without `country`, also limits to the region\'s country.' })),
  nace: Type.Optional(Type.String({ maxLength: 10, description: 'NACE Rev. 2 code (section, division, group or class): programmes open to any sector or to its section/division, and not excluding it' })),
  company_size: Type.Optional(Type.Enum(SIZES, { description: 'EU SME size class' })),
  funding_type: listOf(`Any of (repeat or comma-separate): ${FUNDING_TYPES.join(', ')}`),
  topic: listOf(`Any of (repeat or comma-separate): ${TOPICS.join(', ')}`),
  status: listOf('Any of open, rolling, upcoming, closed: the status derived from the call dates as of today'),
  min_amount: Type.Optional(Type.Number({ minimum: 0, description: 'EUR; programmes whose stated award range reaches it (programmes stating no EUR amount are left out when an amount filter is set)' })),
  max_amount: Type.Optional(Type.Number({ minimum: 0, description: 'EUR; programmes whose stated award range starts at or below it' })),
  closes_after: Type.Optional(Type.String({ format: 'date', description: 'Deadline on or after this day; rolling programmes (no deadline) are included' })),
  closes_before: Type.Optional(Type.String({ format: 'date', description: 'Deadline on or before this day; rolling programmes are left out' })),
  sort: Type.Optional(Type.Enum(GRANT_SORTS, { description: 'Default: relevance with `q`, else title. `-` = descending; programmes without a deadline or amount sort last either way' })),
});
export type GrantListQuery = Static<typeof GrantListQuery>;

export const GrantOut = Type.Object(
  {
    id: Type.Integer(),
    slug: Type.String(),
    title: Type.String(),
    funder: Type.String(),
    funder_type: Type.String(),
    countries: Type.Array(Type.String(), { description: 'ISO alpha-2 codes, or ["EU"] for the 27 member states' }),
    also_open_to: Type.Array(Type.String()),
    regions: Type.Array(Type.String()),
    funding_type: Type.Enum(FUNDING_TYPES),
    topics: Type.Array(Type.Enum(TOPICS)),
    eligible_company_sizes: Type.Array(Type.Enum(SIZES)),
    eligible_nace: Type.Array(Type.String()),
    excluded_nace: Type.Array(Type.String()),
    min_amount_eur: Nullable(Type.Number()),
    max_amount_eur: Nullable(Type.Number()),
    amount_local: Nullable(AmountLocal),
    funding_rate_pct: Nullable(Type.Number()),
    opens_at: Nullable(Type.String({ format: 'date' })),
    closes_at: Nullable(Type.String({ format: 'date' })),
    status: Type.Enum(PROGRAMME_STATUSES, { description: 'Derived from the call dates as of today (a past deadline reads closed)' }),
    status_as_of: Nullable(Type.String({ description: 'Month of the newest source behind the stated status' })),
    url: Type.String(),
    summary: Type.String(),
    eligibility_notes: Type.String(),
    source_confidence: Type.String(),
    source_urls: Type.Array(Type.String()),
  },
  { title: 'Grant' },
);

const Counts = Type.Record(Type.String(), Type.Integer({ minimum: 0 }));
export const GrantFacets = Type.Object(
  { status: Counts, funding_type: Counts, topic: Counts, country: Counts },
  { description: "Counts over the filtered set, each ignoring its own filter (so a UI can show the alternatives). `country` counts the codes programmes list (\"EU\" included), not also_open_to." },
);
export const GrantPage = Type.Object({ ...Paged(GrantOut).properties, facets: GrantFacets }, { title: 'GrantPage' });

export const GrantIdParams = Type.Object({ grant_id: Type.String({ maxLength: 200, description: 'Numeric id or slug' }) });

const inputFields = {
  slug: Type.String({ pattern: SLUG_PATTERN, description: 'Stable slug (the catalogue `id`)' }),
  title: Type.String({ minLength: 1, maxLength: 500 }),
  funder: Type.String({ minLength: 1, maxLength: 300 }),
  funder_type: Type.Enum(FUNDER_TYPES),
  countries: Type.Array(Type.String({ pattern: '^([A-Z]{2}|EU)$' }), { minItems: 1, maxItems: 60, uniqueItems: true }),
  also_open_to: Code('^[A-Z]{2}$', 'Non-EU countries also eligible'),
  regions: Code('^[A-Z]{2}-[A-Z0-9]{1,3}$', 'ISO 3166-2; empty = whole country'),
  funding_type: Type.Enum(FUNDING_TYPES),
  topics: Type.Array(Type.Enum(TOPICS), { maxItems: 17, uniqueItems: true }),
  eligible_company_sizes: Type.Array(Type.Enum(SIZES), { minItems: 1, maxItems: 4, uniqueItems: true }),
  eligible_nace: Code('^([A-U]|\\d{2})$', 'Sections or divisions; empty = any sector'),
  excluded_nace: Code('^([A-U]|\\d{2})$', 'Sections or divisions excluded'),
  min_amount_eur: Nullable(Type.Number({ minimum: 0 })),
  max_amount_eur: Nullable(Type.Number({ minimum: 0 })),
  amount_local: Nullable(AmountLocal),
  funding_rate_pct: Nullable(Type.Number({ minimum: 0, maximum: 100 })),
  opens_at: Nullable(DateStr),
  closes_at: Nullable(DateStr),
  status: Type.Enum(PROGRAMME_STATUSES, { description: 'Stated status; responses derive the current one from the dates' }),
  status_as_of: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }),
  url: Type.String({ minLength: 1, maxLength: 2000 }),
  summary: Type.String({ minLength: 1, maxLength: 10_000 }),
  eligibility_notes: Type.String({ maxLength: 10_000 }),
  source_confidence: Type.Enum(SOURCE_CONFIDENCES),
  source_urls: Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 50 }),
};

/** A new programme: lists default to [] (any; sizes to all four), amounts and dates to null, status_as_of to this month. */
export const GrantCreate = Type.Object(
  {
    slug: inputFields.slug,
    title: inputFields.title,
    funder: inputFields.funder,
    funder_type: inputFields.funder_type,
    countries: inputFields.countries,
    funding_type: inputFields.funding_type,
    status: inputFields.status,
    url: inputFields.url,
    summary: inputFields.summary,
    also_open_to: Type.Optional(inputFields.also_open_to),
    regions: Type.Optional(inputFields.regions),
    topics: Type.Optional(inputFields.topics),
    eligible_company_sizes: Type.Optional(inputFields.eligible_company_sizes),
    eligible_nace: Type.Optional(inputFields.eligible_nace),
    excluded_nace: Type.Optional(inputFields.excluded_nace),
    min_amount_eur: Type.Optional(inputFields.min_amount_eur),
    max_amount_eur: Type.Optional(inputFields.max_amount_eur),
    amount_local: Type.Optional(inputFields.amount_local),
    funding_rate_pct: Type.Optional(inputFields.funding_rate_pct),
    opens_at: Type.Optional(inputFields.opens_at),
    closes_at: Type.Optional(inputFields.closes_at),
    status_as_of: Type.Optional(inputFields.status_as_of),
    eligibility_notes: Type.Optional(inputFields.eligibility_notes),
    source_confidence: Type.Optional(inputFields.source_confidence),
    source_urls: Type.Optional(inputFields.source_urls),
  },
  { additionalProperties: false, title: 'GrantCreate' },
);
export type GrantCreate = Static<typeof GrantCreate>;

export const GrantPatch = Type.Partial(Type.Object(inputFields), { additionalProperties: false, title: 'GrantPatch' });
export type GrantPatch = Static<typeof GrantPatch>;

export const GrantImportBody = Type.Array(Type.Object({}, { additionalProperties: true }), {
  maxItems: 50_000,
  description: 'Records in the programmes.json format (`id` = slug); upserted by slug',
});
export const GrantImportResult = Type.Object({
  received: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  failed: Type.Integer(),
  errors: Type.Array(Type.Object({ index: Type.Integer(), id: Nullable(Type.String()), detail: Type.String() })),
});
