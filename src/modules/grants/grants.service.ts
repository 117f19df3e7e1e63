import { sql } from 'drizzle-orm';
import { programmeDefaults, type Programme } from '../matching/programme-types.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { Database } from '../../platform/db/client.ts';
import { listen, notify, type Subscription } from '../../platform/db/notifications.ts';
import { withSystem, type Tx } from '../../platform/db/tenancy.ts';
import { AppError, notFound, validationError } from '../../platform/http/errors.ts';
import { filterCatalogue, pageOfMatches, prepareCatalogue, type FilterResult } from './catalogue-filter.ts';
import { checkRecord, programmeOut, programmeToValues, recordProblems, rowToProgramme, toGrantOut, type GrantOut, type GrantRow } from './grant-record.ts';
import { parseCriteria } from './grants-filters.ts';
import * as repo from './grants.repo.ts';
import type { GrantCreate, GrantListQuery, GrantPatch } from './grants.schemas.ts';
import { loadSeedProgrammes } from './programmes-seed.ts';
import { relevancePage, textSearchCache, unranked } from './text-search-cache.ts';
import { matchText, rankText } from './text-search.ts';

const CHANNEL = 'cc_grants_changed';
const MAX_INT4 = 2_147_483_647;
const IMPORT_BATCH = 500;
const SEED_LOCK = sql`select pg_advisory_xact_lock(hashtext('grants:seed'))`;

export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/** "42" → by id, "de-kfw-295" → by slug; anything else cannot name a programme (and never reaches SQL). */
export function parseGrantRef(idOrSlug: string): repo.GrantRef | null {
  if (/^\d{1,10}$/.test(idOrSlug)) {
    const id = Number(idOrSlug);
    if (id >= 1 && id <= MAX_INT4) return { id };
  }
  return /^[a-z0-9][a-z0-9-]{0,199}$/.test(idOrSlug) ? { slug: idOrSlug } : null;
}

/** Seeds the catalogue from programmes.seed.json when the table is empty; one cheap query once seeded. */
export async function ensureGrantsSeeded(database: Database): Promise<number> {
  if (await withSystem(database, repo.hasAnyGrant)) return 0;
  return withSystem(database, async (tx) => {
    // Several instances may start at once on one PostgreSQL: one seeds, the others find it done.
    await tx.execute(SEED_LOCK);
    if (await repo.hasAnyGrant(tx)) return 0;
    const n = await repo.insertMissing(tx, loadSeedProgrammes().map(programmeToValues));
    await appendAudit(tx, { tenantId: null, actorKind: 'system', action: 'grants.seeded', targetKind: 'grant', details: { programmes: n } });
    return n;
  });
}

export interface OperatorContext {
  operatorId: string;
  ip: string;
}

export function createGrantsService(deps: { database: Database; today?: () => string }) {
  const { database } = deps;
  const today = deps.today ?? todayUtc;
  let cache: Promise<{ id: number; programme: Programme }[]> | null = null;
  let subscription: Subscription | null = null;

  const invalidate = () => {
    cache = null;
  };

  async function audit(tx: Tx, op: OperatorContext, action: string, target: { id: number; slug: string } | null, details: Record<string, unknown>) {
    await appendAudit(tx, {
      tenantId: null,
      actorKind: 'operator',
      actorId: op.operatorId,
      action,
      targetKind: 'grant',
      targetId: target ? String(target.id) : null,
      ip: op.ip,
      details: target ? { slug: target.slug, ...details } : details,
    });
    await notify(tx, CHANNEL, action);
  }

  /** Runs an operator change and drops this instance's cache at once (others hear the NOTIFY). */
  async function write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await withSystem(database, fn);
    } finally {
      invalidate();
    }
  }

  async function requireGrant(tx: Tx, idOrSlug: string, forUpdate = false): Promise<GrantRow> {
    const ref = parseGrantRef(idOrSlug);
    const row = ref ? await repo.findGrant(tx, ref, { forUpdate }) : null;
    if (!row) throw notFound('Grant');
    return row;
  }

  function checked(p: Programme): Programme {
    const problems = recordProblems(p);
    if (problems.length > 0) throw validationError(problems.map((x) => ({ loc: ['body', x.field === 'id' ? 'slug' : x.field], msg: x.msg, type: 'value' })));
    return p;
  }

  const fromInput = (b: GrantCreate | (GrantPatch & Programme), base?: Programme): Programme => {
    const { slug, ...rest } = b;
    const month = today().slice(0, 7);
    return {
      ...programmeDefaults(month),
      ...base,
      ...(rest as Partial<Programme>),
      id: slug ?? base?.id ?? '',
    } as Programme;
  };

  /**
   * Every non-archived programme in the matching engine's shape. The same array is returned
   * until the catalogue changes (the engine prepares a catalogue once per array identity).
   */
  function activeProgrammes(): Promise<{ id: number; programme: Programme }[]> {
    if (subscription && !subscription.healthy()) cache = null;
    cache ??= withSystem(database, repo.activeRows)
      .then((rows) => Object.freeze(rows.map((r) => ({ id: r.id, programme: rowToProgramme(r) }))) as { id: number; programme: Programme }[])
      .catch((err: unknown) => {
        cache = null;
        throw err;
      });
    return cache;
  }

  return {
    async start(): Promise<void> {
      subscription = await listen(database, CHANNEL, invalidate);
    },
    async stop(): Promise<void> {
      await subscription?.close();
      subscription = null;
    },

    async list(query: GrantListQuery) {
      const criteria = parseCriteria(query, today());
      let prep = prepareCatalogue(await activeProgrammes(), criteria.today);
      let filtered: FilterResult;
      let page: number[];
      if (!criteria.q) {
        filtered = filterCatalogue(prep, criteria);
        page = pageOfMatches(prep, filtered.matches, criteria.sort === 'relevance' ? 'title' : criteria.sort, criteria.offset, criteria.limit);
      } else {
        const q = criteria.q;
        const byRelevance = criteria.sort === 'relevance';
        let text = textSearchCache(prep).get(q);
        let coldFiltered: FilterResult | null = null;
        if (!text) {
          // Query text not seen on this catalogue version: the text match, then the ranks of the
          // rows passing the filters, in one transaction.
          const cold = await withSystem(database, async (tx) => {
            const matched = await matchText(tx, prep, q);
            if (!matched) return null;
            const t = textSearchCache(prep).put(q, matched);
            const f = filterCatalogue(prep, criteria, t.positions);
            if (byRelevance) await rankText(tx, prep, q, t, unranked(t, f.matches));
            return { text: t, filtered: f };
          });
          if (cold) {
            text = cold.text;
            coldFiltered = cold.filtered;
          } else {
            // A programme another instance just added has not reached this cache yet: reload once.
            invalidate();
            const reloaded = prepareCatalogue(await activeProgrammes(), criteria.today);
            prep = reloaded;
            const matched = await withSystem(database, (tx) => matchText(tx, reloaded, q, { lenient: true }));
            text = textSearchCache(reloaded).put(q, matched ?? { positions: new Int32Array(0), ranks: new Float32Array(0) });
          }
        }
        const found = text;
        filtered = coldFiltered ?? filterCatalogue(prep, criteria, found.positions);
        if (byRelevance) {
          const missing = unranked(found, filtered.matches);
          if (missing.length > 0) {
            const at = prep;
            await withSystem(database, (tx) => rankText(tx, at, q, found, missing));
          }
          page = relevancePage(prep, found, filtered.matches, criteria.offset, criteria.limit);
        } else {
          page = pageOfMatches(prep, filtered.matches, criteria.sort === 'relevance' ? 'title' : criteria.sort, criteria.offset, criteria.limit);
        }
      }
      const { matches, facets } = filtered;
      return {
        items: page.map((i) => programmeOut(prep.entries[i]!.id, prep.entries[i]!.programme, prep.status[i]!)),
        total: matches.length,
        page: query.page,
        page_size: query.page_size,
        pages: Math.ceil(matches.length / query.page_size),
        facets,
      };
    },

    async get(idOrSlug: string): Promise<GrantOut> {
      return toGrantOut(await withSystem(database, (tx) => requireGrant(tx, idOrSlug)), today());
    },

    async create(op: OperatorContext, body: GrantCreate): Promise<GrantOut> {
      const p = checked(fromInput(body));
      const row = await write(async (tx) => {
        if (await repo.slugTaken(tx, p.id)) throw new AppError('conflict', `A programme with slug "${p.id}" already exists (archived ones too; re-import it to restore)`);
        const row = await repo.insertGrant(tx, programmeToValues(p));
        await audit(tx, op, 'grant.created', row, { title: row.title });
        return row;
      });
      return toGrantOut(row, today());
    },

    async update(op: OperatorContext, idOrSlug: string, patch: GrantPatch): Promise<GrantOut> {
      const row = await write(async (tx) => {
        const before = await requireGrant(tx, idOrSlug, true);
        if (Object.keys(patch).length === 0) return before;
        const p = checked(fromInput({ ...rowToProgramme(before), ...patch } as GrantPatch & Programme, rowToProgramme(before)));
        if (p.id !== before.slug && (await repo.slugTaken(tx, p.id, before.id))) throw new AppError('conflict', `A programme with slug "${p.id}" already exists`);
        const after = await repo.updateGrant(tx, before.id, programmeToValues(p));
        await audit(tx, op, 'grant.updated', after, { changes: patch });
        return after;
      });
      return toGrantOut(row, today());
    },

    async archive(op: OperatorContext, idOrSlug: string): Promise<void> {
      await write(async (tx) => {
        const row = await requireGrant(tx, idOrSlug, true);
        await repo.archiveGrant(tx, row.id);
        await audit(tx, op, 'grant.archived', row, { title: row.title });
      });
    },

    /** Valid records are upserted by slug in one transaction; invalid ones are reported by index, never half-written. */
    async import(op: OperatorContext, records: unknown[]) {
      const errors: { index: number; id: string | null; detail: string }[] = [];
      const valid: Programme[] = [];
      const seen = new Set<string>();
      records.forEach((raw, index) => {
        const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
        const r = checkRecord(raw);
        if (!r.ok) errors.push({ index, id, detail: r.detail });
        else if (seen.has(r.programme.id)) errors.push({ index, id, detail: `duplicate id "${r.programme.id}" in this import` });
        else {
          seen.add(r.programme.id);
          valid.push(r.programme);
        }
      });
      let created = 0;
      let updated = 0;
      if (valid.length > 0) {
        await write(async (tx) => {
          for (let i = 0; i < valid.length; i += IMPORT_BATCH) {
            const rows = await repo.upsertGrants(tx, valid.slice(i, i + IMPORT_BATCH).map(programmeToValues));
            for (const r of rows) if (r.inserted) created++; else updated++;
          }
          await audit(tx, op, 'grants.imported', null, { received: records.length, created, updated, failed: errors.length });
        });
      }
      return { received: records.length, created, updated, failed: errors.length, errors };
    },

    activeProgrammes,

    /** Id, slug and title of a programme, archived ones included (old matches still name them). */
    async getGrantRef(idOrSlug: string | number): Promise<{ id: number; slug: string; title: string } | null> {
      const ref = parseGrantRef(String(idOrSlug));
      if (!ref) return null;
      const row = await withSystem(database, (tx) => repo.findGrant(tx, ref, { includeArchived: true }));
      return row ? { id: row.id, slug: row.slug, title: row.title } : null;
    },
  };
}

export type GrantsService = ReturnType<typeof createGrantsService>;
