/**
 * The tenant's IT fleet. Each asset stores the footprint request it came from and the result
 * computed for one unit (with its method), so lists and totals never recompute; an update
 * recomputes, picking up catalogue and grid-factor changes since.
 */
import { Compile } from 'typebox/compile';
import type { TenantPrincipal } from '../../platform/auth/principal.ts';
import type { Database } from '../../platform/db/client.ts';
import { withTenant } from '../../platform/db/tenancy.ts';
import { AppError, notFound, validationError, type ValidationIssue } from '../../platform/http/errors.ts';
import { pageOf, pageOffset } from '../../platform/http/pagination.ts';
import type { FootprintRequest, FootprintResult } from '../footprint/footprint.schemas.ts';
import type { Catalogue, FootprintService } from '../footprint/footprint.service.ts';
import { parseAssetCsv } from './assets-csv.ts';
import * as repo from './assets.repo.ts';
import { AssetBody, type AssetListQuery, type AssetOut, type AssetPatch } from './assets.schemas.ts';

const checkAsset = Compile(AssetBody);
const r2 = (x: number): number => Math.round(x * 100) / 100;

function footprintInput(b: AssetBody): FootprintRequest {
  const out: FootprintRequest = {};
  if (b.product !== undefined) out.product = b.product;
  if (b.category !== undefined) out.category = b.category;
  if (b.specs !== undefined) out.specs = b.specs;
  if (b.usage !== undefined) out.usage = b.usage;
  if (b.assembly_country !== undefined) out.assembly_country = b.assembly_country;
  return out;
}

function defaultName(input: FootprintRequest, category: string): string {
  const p = input.product;
  const text = [p?.brand, p?.model ?? p?.query ?? p?.mpn ?? p?.gtin].filter((s) => typeof s === 'string' && s.trim() !== '').join(' ');
  return text || category;
}

function columnsOf(b: AssetBody, input: FootprintRequest, f: FootprintResult): Omit<repo.NewAsset, 'tenantId'> {
  const quantity = b.quantity ?? 1;
  return {
    name: b.name ?? defaultName(input, f.product.category),
    category: f.product.category,
    productId: f.product.id,
    quantity,
    input,
    result: f,
    method: f.method,
    unitKgCo2e: f.total_kg_co2e,
    totalKgCo2e: r2(f.total_kg_co2e * quantity),
    productionKg: r2(f.breakdown.production_kg * quantity),
    transportKg: r2(f.breakdown.transport_kg * quantity),
    useKg: r2(f.breakdown.use_kg * quantity),
    eolKg: r2(f.breakdown.eol_kg * quantity),
    location: b.location ?? null,
    acquiredOn: b.acquired_on ?? null,
    externalId: b.external_id ?? null,
  };
}

function toOut(r: repo.AssetRow): AssetOut {
  return {
    id: r.id,
    name: r.name,
    category: r.category as AssetOut['category'],
    quantity: r.quantity,
    product_id: r.productId,
    method: r.method as AssetOut['method'],
    unit_kg_co2e: r.unitKgCo2e,
    total_kg_co2e: r.totalKgCo2e,
    breakdown: { production_kg: r.productionKg, transport_kg: r.transportKg, use_kg: r.useKg, eol_kg: r.eolKg },
    location: r.location,
    acquired_on: r.acquiredOn,
    external_id: r.externalId,
    input: r.input as FootprintRequest,
    footprint: r.result as FootprintResult,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

function schemaIssues(item: unknown, prefix: (string | number)[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const e of checkAsset.Errors(item)) {
    if (e.keyword === 'boolean') continue;
    const loc: (string | number)[] = [...prefix, ...e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p))];
    const extra = (e.params as { additionalProperties?: unknown }).additionalProperties;
    if (Array.isArray(extra) && typeof extra[0] === 'string') loc.push(extra[0]);
    issues.push({ loc, msg: e.message, type: e.keyword });
    if (issues.length >= 10) break;
  }
  return issues;
}

/** The asset body an update computes from: the stored one with the patch's fields replacing its own. */
function bodyOf(current: repo.AssetRow, patch: AssetPatch): AssetBody {
  return {
    name: patch.name ?? current.name,
    quantity: patch.quantity ?? current.quantity,
    location: patch.location ?? current.location ?? undefined,
    acquired_on: patch.acquired_on ?? current.acquiredOn ?? undefined,
    external_id: patch.external_id ?? current.externalId ?? undefined,
    ...(current.input as FootprintRequest),
    ...footprintInput(patch),
  };
}

export function createAssetsService(deps: { database: Database; footprint: FootprintService; catalogue: Catalogue }) {
  const { database, footprint, catalogue } = deps;
  const compute = (p: TenantPrincipal, b: AssetBody, prefix: (string | number)[]) => {
    const input = footprintInput(b);
    return columnsOf(b, input, footprint.calculate(input, catalogue, p.tenant.id, prefix));
  };

  return {
    async create(p: TenantPrincipal, body: AssetBody): Promise<AssetOut> {
      const values = compute(p, body, ['body']);
      const [row] = await withTenant(database, p.tenant.id, (tx) => repo.insertAssets(tx, [{ ...values, tenantId: p.tenant.id }]));
      if (!row) throw new Error('asset insert returned nothing');
      return toOut(row);
    },

    /** Bulk import: every row is checked and computed on its own; the valid ones are stored together. */
    async import(p: TenantPrincipal, body: { items: unknown[] } | string) {
      let entries: { row: number | null; item: unknown }[];
      if (typeof body === 'string') {
        const parsed = parseAssetCsv(body);
        if (!parsed.ok) throw validationError([{ loc: ['body'], msg: parsed.reason, type: 'csv' }]);
        entries = parsed.rows;
      } else {
        entries = body.items.map((item) => ({ row: null, item }));
      }
      if (entries.length > 10_000) throw validationError([{ loc: ['body'], msg: `at most 10000 rows per import, got ${entries.length}`, type: 'max_items' }]);
      const errors: { index: number; row: number | null; detail: string | ValidationIssue[] }[] = [];
      const values: repo.NewAsset[] = [];
      entries.forEach(({ row, item }, index) => {
        const prefix = row === null ? ['body', 'items', index] : ['row', row];
        if (!checkAsset.Check(item)) {
          errors.push({ index, row, detail: schemaIssues(item, prefix) });
          return;
        }
        try {
          values.push({ ...compute(p, item, prefix), tenantId: p.tenant.id });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          errors.push({ index, row, detail: err.issues ?? err.message });
        }
      });
      const rows = values.length > 0 ? await withTenant(database, p.tenant.id, (tx) => repo.insertAssets(tx, values)) : [];
      return { created: rows.length, failed: errors.length, ids: rows.map((r) => r.id), errors };
    },

    /**
     * Every asset computed again from its stored request, with the current model, catalogue and
     * grid factors, in one transaction: the fleet never shows a half-recomputed state. An asset
     * whose stored request no longer computes keeps its footprint and is reported.
     */
    async recompute(p: TenantPrincipal) {
      const errors: { id: string; detail: string | ValidationIssue[] }[] = [];
      const updates: Array<{ id: string; values: repo.FootprintColumns }> = [];
      await withTenant(database, p.tenant.id, async (tx) => {
        for (const current of await repo.allAssets(tx)) {
          try {
            updates.push({ id: current.id, values: compute(p, bodyOf(current, {}), ['assets', current.id, 'input']) });
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            errors.push({ id: current.id, detail: err.issues ?? err.message });
          }
        }
        await repo.updateFootprints(tx, updates);
      });
      return { recomputed: updates.length, failed: errors.length, methodology_version: footprint.model.params.methodology_version, errors };
    },

    async list(p: TenantPrincipal, q: AssetListQuery) {
      const { items, total } = await withTenant(database, p.tenant.id, (tx) => repo.listAssets(tx, q, pageOffset(q), q.page_size));
      return pageOf(items.map(toOut), total, q);
    },

    async get(p: TenantPrincipal, id: string): Promise<AssetOut> {
      const row = await withTenant(database, p.tenant.id, (tx) => repo.getAsset(tx, id));
      if (!row) throw notFound('Asset');
      return toOut(row);
    },

    async update(p: TenantPrincipal, id: string, patch: AssetPatch): Promise<AssetOut> {
      const row = await withTenant(database, p.tenant.id, async (tx) => {
        const current = await repo.getAsset(tx, id);
        if (!current) throw notFound('Asset');
        return repo.updateAsset(tx, id, compute(p, bodyOf(current, patch), ['body']));
      });
      if (!row) throw notFound('Asset');
      return toOut(row);
    },

    async remove(p: TenantPrincipal, id: string): Promise<void> {
      const ok = await withTenant(database, p.tenant.id, (tx) => repo.deleteAsset(tx, id));
      if (!ok) throw notFound('Asset');
    },

    async summary(p: TenantPrincipal) {
      const [byCategory, byMethod, byMethodology] = await withTenant(
        database,
        p.tenant.id,
        async (tx) => [await repo.totalsBy(tx, 'category'), await repo.totalsBy(tx, 'method'), await repo.totalsBy(tx, 'methodology')] as const,
      );
      const sum = (k: 'assets' | 'units' | 'total_kg_co2e' | 'production_kg' | 'transport_kg' | 'use_kg' | 'eol_kg') => r2(byCategory.reduce((s, t) => s + t[k], 0));
      const strip = ({ key, ...t }: repo.Totals) => ({ ...t, total_kg_co2e: r2(t.total_kg_co2e), production_kg: r2(t.production_kg), transport_kg: r2(t.transport_kg), use_kg: r2(t.use_kg), eol_kg: r2(t.eol_kg), key });
      return {
        assets: sum('assets'),
        units: sum('units'),
        total_kg_co2e: sum('total_kg_co2e'),
        production_kg: sum('production_kg'),
        transport_kg: sum('transport_kg'),
        use_kg: sum('use_kg'),
        eol_kg: sum('eol_kg'),
        by_category: byCategory.map((t) => {
          const { key, ...rest } = strip(t);
          return { category: key, ...rest };
        }),
        by_method: byMethod.map((t) => {
          const { key, ...rest } = strip(t);
          return { method: key, ...rest };
        }),
        // Stored results keep the model version they were computed with; an update recomputes.
        by_methodology: byMethodology.map((t) => {
          const { key, ...rest } = strip(t);
          return { methodology_version: key, ...rest };
        }),
      };
    },
  };
}

export type AssetsService = ReturnType<typeof createAssetsService>;
