/**
 * POST /footprint behaviour: identify the product in the catalogue (declared or
 * declared_adjusted), else estimate from specs. Every default the answer rests on is named in
 * `warnings`; nothing falls back silently.
 */
import { AppError, validationError, type ValidationIssue } from '../../platform/http/errors.ts';
import type { IdentifyInput, IdentifyResult, ScoredProduct } from '../products/product-search.ts';
import { namesBrand } from '../products/product-match.ts';
import type { FootprintResult as ModelResult, DeviceSpecs } from './model/types.ts';
import { defaultFootprintModel, type FootprintModel } from './model/estimator.ts';
import { median } from './model/numbers.ts';
import { yearFromName } from './model/name-config.ts';
import { validateEstimateInput, FootprintValidationError } from './model/validation.ts';
import { UnknownGridLocationError } from './model/grid-factors.ts';
import { defaultExtraYears, savings as savingsOf } from './model/savings.ts';
import type { FootprintRequest, FootprintResult, SavingsBody } from './footprint.schemas.ts';

/** What the footprint needs from a catalogue: the products service, or the sandbox fixtures. */
export interface Catalogue {
  identify(input: IdentifyInput, tenantId: string | null): IdentifyResult;
  lineNeighbours(input: IdentifyInput, tenantId: string | null): ScoredProduct[];
  productDatasetVersion(id: string): string | null;
  /** Equal values mean identify() would answer the same (see FootprintMemo). */
  cacheScope(tenantId: string | null): string;
}

type Loc = (string | number)[];

/** 'specs.storage[0].capacity_gb' → ['specs', 'storage', 0, 'capacity_gb'] */
export function fieldToLoc(field: string): Loc {
  return field
    .split(/\.|\[(\d+)\]/)
    .filter((p) => p !== undefined && p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

const hasText = (s: string | undefined): boolean => typeof s === 'string' && s.trim() !== '';
const BORROWED_SPECS = ['year', 'screen_size_in', 'weight_kg'] as const;

export function createFootprintService(deps: { model?: FootprintModel } = {}) {
  const model = deps.model ?? defaultFootprintModel();

  function issuesToError(issues: { field: string; msg: string }[], prefix: Loc): AppError {
    return validationError(issues.map((i) => ({ loc: [...prefix, ...fieldToLoc(i.field)], msg: i.msg, type: 'value_error' })));
  }

  function shape(r: ModelResult, product: FootprintResult['product'], extraWarnings: string[], datasetVersion?: string): FootprintResult {
    return {
      product,
      total_kg_co2e: r.total_kg_co2e,
      breakdown: r.breakdown,
      range: r.range,
      method: r.method,
      assumptions: r.assumptions,
      sources: datasetVersion === undefined ? r.sources : { ...r.sources, dataset_version: datasetVersion },
      warnings: [...extraWarnings, ...r.warnings],
      methodology_version: r.methodology_version,
    };
  }

  function run<T>(fn: () => T, prefix: Loc): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof FootprintValidationError) throw issuesToError(err.issues, prefix);
      if (err instanceof UnknownGridLocationError) throw validationError([{ loc: [...prefix, 'usage', 'country'], msg: err.message, type: 'value_error' }]);
      throw err;
    }
  }

  function declared(req: FootprintRequest, best: ScoredProduct, catalogue: Catalogue, prefix: Loc): FootprintResult {
    const p = best.product;
    const notes: string[] = [];
    if (req.category !== undefined && req.category !== p.category) {
      notes.push(`category '${req.category}' given, but the catalogue files ${p.brand} ${p.name} as '${p.category}': catalogue category used`);
    }
    if (req.specs !== undefined) notes.push('specs ignored: the declared footprint of the identified product is used');
    if (req.assembly_country !== undefined) notes.push('assembly_country ignored: the declared footprint already covers production');
    const r = run(() => model.adjustDeclared(p, req.usage), prefix);
    const version = catalogue.productDatasetVersion(best.id) ?? (best.tenant_id !== null ? 'tenant-private' : 'unversioned-catalogue');
    return shape(r, { id: best.id, brand: p.brand, name: p.name, category: p.category, matched: true, match_confidence: best.score }, notes, version);
  }

  function unmatched(req: FootprintRequest, q: IdentifyInput, found: IdentifyResult, catalogue: Catalogue, tenantId: string | null, prefix: Loc): FootprintResult {
    const text = [q.brand, q.model ?? q.query ?? q.mpn ?? q.gtin].filter(hasText).join(' ');
    const neighbours = catalogue.lineNeighbours(q, tenantId);
    const closest = found.candidates[0];
    // No catalogue product of the line (or no catalogue imported at all): the lines the model was
    // fitted on still know the category and typical build of e.g. a Latitude.
    const known = neighbours.length === 0 && (hasText(q.model) || hasText(q.query)) ? model.recogniseLine(q.model ?? q.query ?? '', q.brand) : null;
    const category = req.category ?? neighbours[0]?.product.category ?? known?.category ?? closest?.product.category;
    if (category === undefined) {
      throw validationError([{ loc: [...prefix, 'category'], msg: `product '${text}' is not in the catalogue; give category (and specs) to estimate it`, type: 'missing' }]);
    }
    const notes = [
      `product '${text}' not found in the catalogue${closest ? ` (closest: ${closest.product.brand} ${closest.product.name}, score ${closest.score})` : ''}: estimated from specs`,
    ];
    if (req.category === undefined) {
      notes.push(
        known
          ? `category not given: '${category}' taken from the ${known.products} declared ${known.label} products the model was fitted on`
          : `category not given: '${category}' taken from similar catalogue products`,
      );
    }
    const line = neighbours.filter((n) => n.product.category === category);
    const brand = hasText(q.brand) ? q.brand : (line[0]?.product.brand ?? known?.brandName);
    const specs: DeviceSpecs = { ...req.specs };
    const borrowed: string[] = [];
    const namedYear = specs.year === undefined ? yearFromName(text) : null;
    if (namedYear !== null) {
      specs.year = namedYear;
      notes.push(`specs.year not given: ${namedYear} read from the product name`);
    }
    if (line.length > 0) {
      const names = line.map((n) => n.product.name).join(', ');
      for (const field of BORROWED_SPECS) {
        if (specs[field] !== undefined) continue;
        const values = line.map((n) => (field === 'year' ? n.product.report_year : n.product[field])).filter((v): v is number => v !== null && v > 0);
        const m = median(values);
        if (m === null) continue;
        specs[field] = field === 'year' ? Math.max(...values) : Math.round(m * 100) / 100;
        borrowed.push(field);
        notes.push(`specs.${field} not given: ${specs[field]} taken from the same product line (${names})`);
      }
    } else if (known && known.category === category) {
      for (const field of BORROWED_SPECS) {
        const v = known.typical[field];
        if (specs[field] !== undefined || v === null) continue;
        specs[field] = v;
        borrowed.push(field);
        notes.push(`specs.${field} not given: ${v} taken from the ${known.products} declared ${known.label} products the model was fitted on`);
      }
    }
    const modelName = known && !hasText(q.brand) && !hasText(q.model) ? known.model : (q.model ?? q.query);
    const input = { category, brand, model: modelName, specs, usage: req.usage, assembly_country: req.assembly_country };
    const r = run(() => model.estimate(input), prefix);
    for (const f of borrowed) r.sources.inputs[f] = 'catalogue';
    // Values this service filled in are the catalogue's (or the fitted lines'), not the caller's.
    if (req.category === undefined) r.sources.inputs.category = 'catalogue';
    if (brand !== undefined && !hasText(q.brand) && !namesBrand(text, brand)) r.sources.inputs.brand = 'catalogue';
    return shape(r, { id: null, brand: brand ?? null, name: text || null, category, matched: false, match_confidence: closest?.score ?? 0 }, notes);
  }

  /** One footprint; throws a 422 AppError naming the field (under `prefix`) for bad input. */
  function calculate(req: FootprintRequest, catalogue: Catalogue, tenantId: string | null, prefix: Loc = ['body']): FootprintResult {
    // The model's plausibility rules; the category check waits until we know whether a product was given.
    const issues = validateEstimateInput({ category: req.category ?? 'other', specs: req.specs, usage: req.usage, assembly_country: req.assembly_country });
    if (issues.length > 0) throw issuesToError(issues, prefix);
    const q = req.product;
    if (q !== undefined && [q.query, q.brand, q.model, q.mpn, q.gtin].some(hasText)) {
      const found = catalogue.identify(q, tenantId);
      return found.best ? declared(req, found.best, catalogue, prefix) : unmatched(req, q, found, catalogue, tenantId, prefix);
    }
    if (req.category === undefined) {
      throw validationError([{ loc: [...prefix, 'category'], msg: 'is required when no product is given', type: 'missing' }]);
    }
    const category = req.category;
    // This is the very input validated above (the category is now known to be given), so the
    // model need not validate it a second time.
    const r = run(() => model.estimateValidated({ category, specs: req.specs, usage: req.usage, assembly_country: req.assembly_country }), prefix);
    return shape(r, { id: null, brand: null, name: null, category, matched: false, match_confidence: 0 }, []);
  }

  function savings(body: SavingsBody, catalogue: Catalogue, tenantId: string | null) {
    const baseline = calculate(body.device, catalogue, tenantId, ['body', 'device']);
    const years = body.extra_years ?? defaultExtraYears(baseline, body.scenario);
    const s = savingsOf(baseline, body.scenario, years);
    const warnings = [...baseline.warnings];
    if (body.extra_years === undefined) warnings.push(`extra_years not given: ${years} years of further service assumed`);
    return {
      ...s,
      scenario: body.scenario,
      extra_years: years,
      device: { product: baseline.product, method: baseline.method, total_kg_co2e: baseline.total_kg_co2e },
      warnings,
    };
  }

  return { calculate, savings, model };
}

export type FootprintService = ReturnType<typeof createFootprintService>;
export type { ValidationIssue };
