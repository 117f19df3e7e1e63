/**
 * POST /footprint/batch: each item is validated and answered on its own, so one bad item never
 * fails the batch. Each valid item costs one calculation; when the caller's budget cannot cover
 * them all, the first items (in order) are answered and the rest get a per-item `rate_limited`
 * error. Only when not a single calculation is left does the whole batch answer 429.
 */
import { Compile } from 'typebox/compile';
import { AppError, type ValidationIssue } from '../../platform/http/errors.ts';
import { FootprintRequest, type FootprintResult, type ItemError } from './footprint.schemas.ts';
import type { Catalogue, FootprintService } from './footprint.service.ts';

const checker = Compile(FootprintRequest);

interface SchemaError {
  keyword: string;
  instancePath: string;
  message: string;
  params: Record<string, unknown>;
}

/** TypeBox errors → the API's issue shape, with the same loc convention as request validation. */
function schemaIssues(item: unknown, prefix: (string | number)[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const e of checker.Errors(item) as Iterable<SchemaError>) {
    if (e.keyword === 'boolean') continue; // duplicate of the additionalProperties error
    const loc = [...prefix];
    for (const part of e.instancePath.split('/').slice(1)) loc.push(/^\d+$/.test(part) ? Number(part) : part.replace(/~1/g, '/').replace(/~0/g, '~'));
    const extra = e.params.additionalProperties;
    if (Array.isArray(extra) && typeof extra[0] === 'string') loc.push(extra[0]);
    const required = e.params.requiredProperties;
    if (Array.isArray(required) && typeof required[0] === 'string') loc.push(required[0]);
    issues.push({ loc, msg: e.message, type: e.keyword });
    if (issues.length >= 10) break;
  }
  return issues.length > 0 ? issues : [{ loc: prefix, msg: 'must be a footprint request object', type: 'type' }];
}

export interface BatchItemResult {
  index: number;
  ok: boolean;
  result?: FootprintResult;
  error?: ItemError;
}

export function runBatch(
  items: unknown[],
  granted: number,
  compute: (req: FootprintRequest, prefix: (string | number)[]) => FootprintResult,
): { results: BatchItemResult[]; summary: { count: number; ok: number; failed: number; total_kg_co2e: number } } {
  const results: BatchItemResult[] = new Array(items.length);
  let budget = granted;
  let ok = 0;
  let total = 0;
  items.forEach((item, index) => {
    const prefix = ['body', 'items', index];
    if (!checker.Check(item)) {
      results[index] = { index, ok: false, error: { code: 'validation_error', detail: schemaIssues(item, prefix) } };
      return;
    }
    if (budget <= 0) {
      results[index] = { index, ok: false, error: { code: 'rate_limited', detail: 'Calculation budget exhausted before this item; retry it later' } };
      return;
    }
    budget -= 1;
    try {
      const result = compute(item, prefix);
      results[index] = { index, ok: true, result };
      ok += 1;
      total += result.total_kg_co2e;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results[index] = { index, ok: false, error: { code: err.code, detail: err.issues ?? err.message } };
    }
  });
  return { results, summary: { count: items.length, ok, failed: items.length - ok, total_kg_co2e: Math.round(total * 100) / 100 } };
}

/** Items that pass the schema and so will be computed (and cost a calculation). */
export function countValid(items: unknown[]): number {
  let n = 0;
  for (const item of items) if (checker.Check(item)) n += 1;
  return n;
}

export type { Catalogue, FootprintService };
