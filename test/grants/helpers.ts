import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { loadSeedProgrammes } from '../../src/modules/grants/programmes-seed.ts';
import type { Programme } from '../../src/modules/matching/programme-types.ts';
import { PASSWORD } from '../helpers/accounts.ts';
import { unique } from '../helpers/database.ts';

export interface GrantItem {
  id: number;
  slug: string;
  title: string;
  status: string;
  countries: string[];
  also_open_to: string[];
  regions: string[];
  topics: string[];
  funding_type: string;
  eligible_company_sizes: string[];
  eligible_nace: string[];
  excluded_nace: string[];
  min_amount_eur: number | null;
  max_amount_eur: number | null;
  closes_at: string | null;
  opens_at: string | null;
  summary: string;
  eligibility_notes: string;
}
export interface GrantPage {
  items: GrantItem[];
  total: number;
  page: number;
  page_size: number;
  pages: number;
  facets: Record<'status' | 'funding_type' | 'topic' | 'country', Record<string, number>>;
}

export async function search(app: FastifyInstance, query: string, headers: Record<string, string> = {}): Promise<GrantPage> {
  const res = await app.inject({ method: 'GET', url: `/api/v1/grants?${query}`, headers });
  expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
  return res.json() as GrantPage;
}

/** Every item of a query, through all its pages. */
export async function searchAll(app: FastifyInstance, query: string): Promise<GrantItem[]> {
  const out: GrantItem[] = [];
  for (let page = 1; ; page++) {
    const p = await search(app, `${query}${query ? '&' : ''}page_size=100&page=${page}`);
    out.push(...p.items);
    if (page >= p.pages) return out;
  }
}

export const slugs = (items: { slug: string }[]) => items.map((i) => i.slug);

export function seedBySlug(slug: string): Programme {
  const p = loadSeedProgrammes().find((x) => x.id === slug);
  if (!p) throw new Error(`no seed programme ${slug}`);
  return p;
}

export const todayUtc = () => new Date().toISOString().slice(0, 10);

export async function operatorLogin(app: FastifyInstance, email: string): Promise<{ authorization: string }> {
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: email, password: PASSWORD } });
  expect(login.statusCode, login.body).toBe(200);
  return { authorization: `Bearer ${login.json().access_token}` };
}

/** A valid catalogue record (programmes.json format) with a unique slug and a unique searchable word. */
export function syntheticRecord(overrides: Partial<Programme> = {}): Programme & { word: string } {
  const word = unique('zq').replace(/[^a-z0-9]/g, '');
  const base = seedBySlug('de-bafa-eew-modul2');
  return {
    ...base,
    id: unique('test-grant').toLowerCase().replace(/[^a-z0-9-]/g, '-'),
    title: `Synthetic ${word} programme`,
    summary: `A test programme about ${word}.`,
    eligibility_notes: `Test conditions for ${word}.`,
    ...overrides,
    word,
  };
}

/** syntheticRecord as a POST /grants body (slug instead of id, no helper fields). */
export function createBody(overrides: Partial<Programme> = {}): { body: Record<string, unknown>; word: string } {
  const { id, word, ...rest } = syntheticRecord(overrides);
  return { body: { ...rest, slug: id }, word };
}
