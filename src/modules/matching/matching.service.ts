import type { TenantPrincipal } from '../../platform/auth/principal.ts';
import type { Database } from '../../platform/db/client.ts';
import { withTenant } from '../../platform/db/tenancy.ts';
import { notFound } from '../../platform/http/errors.ts';
import { pageOf, pageOffset, type PageQuery } from '../../platform/http/pagination.ts';
import type { CompaniesService } from '../companies/companies.service.ts';
import { matchCompany, prepareCatalogue, type PreparedCatalogue } from './match-engine.ts';
import * as repo from './matching.repo.ts';
import type { Programme } from './programme-types.ts';

/** What matching needs from the grants module: the live catalogue, same array until it changes. */
export interface ProgrammeSource {
  activeProgrammes(): Promise<readonly { id: number; programme: Programme }[]>;
}

interface Catalogue {
  prepared: PreparedCatalogue;
  idBySlug: Map<string, number>;
  titleById: Map<number, { slug: string; title: string }>;
}

export function createMatchingService(deps: { database: Database; companies: CompaniesService; programmes: ProgrammeSource; today?: () => string }) {
  const { database } = deps;
  const today = deps.today ?? (() => new Date().toISOString().slice(0, 10));
  // Preparing a catalogue (rules, lexicon, BM25) is costly; it is redone only when the grants
  // module hands out a new array, i.e. after an operator changed the catalogue.
  const catalogues = new WeakMap<object, Catalogue>();
  async function catalogue(): Promise<Catalogue> {
    const entries = await deps.programmes.activeProgrammes();
    let cat = catalogues.get(entries);
    if (!cat) {
      cat = {
        prepared: prepareCatalogue(entries.map((e) => e.programme)),
        idBySlug: new Map(entries.map((e) => [e.programme.id, e.id])),
        titleById: new Map(entries.map((e) => [e.id, { slug: e.programme.id, title: e.programme.title }])),
      };
      catalogues.set(entries, cat);
    }
    return cat;
  }

  function toOut(m: repo.MatchRow, cat: Catalogue) {
    const grant = cat.titleById.get(m.grantId);
    return {
      id: m.id,
      company_id: m.companyId,
      grant_id: m.grantId,
      grant_slug: grant?.slug ?? null,
      grant_title: grant?.title ?? null,
      score: m.score,
      eligible: m.eligible,
      eligibility: m.eligibility,
      matched_criteria: m.matchedCriteria,
      failed_criteria: m.failedCriteria,
      unknown_criteria: m.unknownCriteria,
      explanation: m.explanation,
      status: m.status,
      updated_at: m.updatedAt.toISOString(),
    };
  }

  return {
    async run(p: TenantPrincipal, companyId: string, includeIneligible: boolean) {
      const input = await deps.companies.matchingInput(p, companyId);
      if (!input) throw notFound('Company');
      const cat = await catalogue();
      const items = matchCompany(input.company, input.profile, cat.prepared, { today: today(), includeIneligible });
      const values: repo.MatchValues[] = [];
      for (const item of items) {
        const grantId = cat.idBySlug.get(item.grant_slug);
        if (grantId === undefined) continue;
        values.push({
          grantId,
          score: item.score,
          eligible: item.eligible,
          eligibility: item.eligibility,
          matchedCriteria: item.matched_criteria,
          failedCriteria: item.failed_criteria,
          unknownCriteria: item.unknown_criteria,
          explanation: item.explanation,
        });
      }
      const stored = await withTenant(database, p.tenant.id, (tx) => repo.storeRun(tx, p.tenant.id, companyId, includeIneligible, values));
      return { company_id: companyId, run_id: stored.runId, items: stored.matches.map((m) => toOut(m, cat)) };
    },

    /** The matches of an earlier run after event `afterSeq`, in run order; null if no such run here. */
    async replay(p: TenantPrincipal, runId: string, companyId: string, afterSeq: number) {
      const cat = await catalogue();
      return withTenant(database, p.tenant.id, async (tx) => {
        const run = await repo.getRun(tx, runId);
        if (!run || run.companyId !== companyId) return null;
        const rows = await repo.getMatchesByIds(tx, run.matchIds.slice(afterSeq + 1));
        return { run_id: run.id, total: run.matchIds.length, start: afterSeq + 1, items: rows.map((m) => toOut(m, cat)) };
      });
    },

    async list(p: TenantPrincipal, q: PageQuery & { company_id?: string; status?: repo.MatchStatus; eligible?: boolean }) {
      const cat = await catalogue();
      const { items, total } = await withTenant(database, p.tenant.id, (tx) =>
        repo.listMatches(tx, { companyId: q.company_id, status: q.status, eligible: q.eligible, offset: pageOffset(q), limit: q.page_size }),
      );
      return pageOf(items.map((m) => toOut(m, cat)), total, q);
    },

    async get(p: TenantPrincipal, id: string) {
      const cat = await catalogue();
      const row = await withTenant(database, p.tenant.id, (tx) => repo.getMatch(tx, id));
      if (!row) throw notFound('Match');
      return toOut(row, cat);
    },

    async setStatus(p: TenantPrincipal, id: string, status: repo.MatchStatus) {
      const cat = await catalogue();
      const row = await withTenant(database, p.tenant.id, (tx) => repo.setStatus(tx, id, status));
      if (!row) throw notFound('Match');
      return toOut(row, cat);
    },
  };
}

export type MatchingService = ReturnType<typeof createMatchingService>;
