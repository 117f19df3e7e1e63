import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { errorResponses } from '../../platform/http/error-schema.ts';
import { notFound } from '../../platform/http/errors.ts';
import { PageQuery, Paged, pageOf, pageOffset } from '../../platform/http/pagination.ts';
import { listNace, naceAncestors, naceLookup, normaliseNaceCode, searchNace, type NaceCode } from './nace.ts';

const NaceOut = Type.Object({
  code: Type.String({ examples: ['10.71'] }),
  level: Type.Integer({ minimum: 1, maximum: 4, description: '1 section, 2 division, 3 group, 4 class' }),
  parent_code: Type.Union([Type.String(), Type.Null()]),
  title: Type.String({ examples: ['Manufacture of bread; manufacture of fresh pastry goods and cakes'] }),
});
const NaceDetail = Type.Object({ ...NaceOut.properties, ancestors: Type.Array(NaceOut), children: Type.Array(NaceOut) });

const ATTRIBUTION = 'Source: Eurostat, NACE Rev. 2.';
const open = { access: { audience: 'public' as const, limited: false } };
const out = (n: NaceCode) => ({ code: n.code, level: n.level, parent_code: n.parent_code, title: n.title });

export function naceRoutes(): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/reference/nace', {
      config: open,
      schema: {
        summary: 'NACE Rev. 2 codes: search by code prefix or words, filter by level or parent',
        description: `All four levels (21 sections, 88 divisions, 272 groups, 615 classes). ${ATTRIBUTION}`,
        tags: ['Reference'],
        querystring: Type.Object({
          ...PageQuery.properties,
          q: Type.Optional(Type.String({ maxLength: 200, examples: ['bread', '10.7'] })),
          level: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
          parent: Type.Optional(Type.String({ maxLength: 10, examples: ['C'] })),
        }),
        response: { 200: Paged(NaceOut), ...errorResponses(422) },
      },
    }, async (req) => {
      const level = req.query.level as 1 | 2 | 3 | 4 | undefined;
      const parent = req.query.parent ? (normaliseNaceCode(req.query.parent) ?? req.query.parent) : undefined;
      const all = req.query.q ? searchNace(req.query.q, { level, parent, limit: 1000 }) : listNace({ level, parent });
      const start = pageOffset(req.query);
      return pageOf(all.slice(start, start + req.query.page_size).map(out), all.length, req.query);
    });

    app.get('/reference/nace/:code', {
      config: open,
      schema: {
        summary: 'One NACE Rev. 2 code with its ancestors and children',
        description: ATTRIBUTION,
        tags: ['Reference'],
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 12, examples: ['10.71'] }) }),
        response: { 200: NaceDetail, ...errorResponses(404, 422) },
      },
    }, async (req) => {
      const code = normaliseNaceCode(req.params.code);
      const entry = code ? naceLookup(code) : null;
      if (!entry) throw notFound('NACE code');
      const children = listNace({ parent: entry.code });
      return { ...out(entry), ancestors: naceAncestors(entry.code).filter((a) => a.code !== entry.code).map(out), children: children.map(out) };
    });
  };
}
