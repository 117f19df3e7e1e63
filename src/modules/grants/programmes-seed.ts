/**
 * The seed catalogue (programmes.seed.json, a copy of ../shared/data/grants/programmes.json:
 * 82 real programmes, status as of late 2026). Read and validated once per process; callers
 * get the same frozen array, so tests, the eval script and the bench do not re-parse it.
 */
import { readFileSync } from 'node:fs';
import { parseProgrammes } from '../matching/programme-types.ts';
import type { Programme } from '../matching/programme-types.ts';

let cached: readonly Programme[] | null = null;

export function loadSeedProgrammes(): readonly Programme[] {
  if (cached) return cached;
  const raw: unknown = JSON.parse(readFileSync(new URL('./programmes.seed.json', import.meta.url), 'utf8'));
  cached = Object.freeze(parseProgrammes(raw));
  return cached;
}
