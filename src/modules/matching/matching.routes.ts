import { fastifySSE as sse } from '@fastify/sse';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { requireTenant } from '../../platform/auth/principal.ts';
import { errorResponses } from '../../platform/http/error-schema.ts';
import { PageQuery, Paged } from '../../platform/http/pagination.ts';
import type { MatchingService } from './matching.service.ts';

const Criterion = Type.Object({ criterion: Type.String({ examples: ['country'] }), detail: Type.String() });
const Status = Type.Union([Type.Literal('new'), Type.Literal('saved'), Type.Literal('dismissed')]);
export const MatchOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  company_id: Type.String({ format: 'uuid' }),
  grant_id: Type.Integer(),
  grant_slug: Type.Union([Type.String(), Type.Null()], { examples: ['de-bafa-eew-module-2'] }),
  grant_title: Type.Union([Type.String(), Type.Null()]),
  score: Type.Number({ minimum: 0, maximum: 100, description: 'Relevance 0–100 (0 when not eligible)' }),
  eligible: Type.Boolean({ description: 'Every rule the catalogue states is met' }),
  eligibility: Type.Union([Type.Literal('eligible'), Type.Literal('unknown'), Type.Literal('ineligible')], {
    description: '"unknown": nothing failed, but a rule could not be decided from the company data',
  }),
  matched_criteria: Type.Array(Criterion),
  failed_criteria: Type.Array(Criterion),
  unknown_criteria: Type.Array(Criterion),
  explanation: Type.String(),
  status: Status,
  updated_at: Type.String({ format: 'date-time' }),
});

const RunBody = Type.Object(
  {
    company_id: Type.String({ format: 'uuid' }),
    include_ineligible: Type.Optional(Type.Boolean({ default: false, description: 'Also list excluded programmes with the rules they fail' })),
  },
  { additionalProperties: false },
);
const RunOut = Type.Object({ company_id: Type.String(), run_id: Type.String({ format: 'uuid' }), items: Type.Array(MatchOut) });
const MatchIdParams = Type.Object({ match_id: Type.String({ format: 'uuid' }) });
const tags = ['Matching'];
// An event id is "<run id>:<position>"; a client resumes with the last one it saw.
const EVENT_ID = /^([0-9a-f-]{36}):(\d{1,6})$/;

export function matchingRoutes(deps: { matching: MatchingService; heartbeatMs?: number }): FastifyPluginAsync {
  return async (base) => {
    await base.register(sse, { heartbeatInterval: deps.heartbeatMs ?? 15_000 });
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const svc = deps.matching;

    app.post('/matches/run', {
      config: { access: { audience: 'tenant' } },
      schema: {
        summary: 'Match a company against every active programme',
        description:
          'Hard eligibility first (country incl. partner countries, region, size class, NACE include/exclude, status, award range), ' +
          'then a 0–100 relevance score for eligible programmes. Results are stored; re-running keeps saved/dismissed statuses.',
        tags,
        body: RunBody,
        response: { 200: RunOut, ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    }, async (req) => svc.run(requireTenant(req.principal), req.body.company_id, req.body.include_ineligible ?? false));

    app.get('/matches', {
      config: { access: { audience: 'tenant' } },
      schema: {
        summary: 'List stored matches, best first',
        tags,
        querystring: Type.Object({
          ...PageQuery.properties,
          company_id: Type.Optional(Type.String({ format: 'uuid' })),
          status: Type.Optional(Status),
          eligible: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Paged(MatchOut), ...errorResponses(401, 403, 422, 429) },
      },
    }, async (req) => svc.list(requireTenant(req.principal), req.query));

    app.get('/matches/stream', {
      sse: { kind: 'only' },
      config: { access: { audience: 'tenant', scope: 'write' } },
      schema: {
        summary: 'Run matching and stream the results as Server-Sent Events',
        description:
          'One `match` event per programme (id `<run_id>:<n>`, data = a match), then a `done` event. Reconnect with ' +
          '`Last-Event-ID` to resume the same run after the last event received. Heartbeat comments keep the connection open.',
        tags,
        querystring: Type.Object({
          company_id: Type.String({ format: 'uuid' }),
          include_ineligible: Type.Optional(Type.Boolean({ default: false })),
        }),
        response: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: Type.String() } } }, ...errorResponses(401, 403, 404, 422, 429) },
      },
    }, async (req, reply) => {
      const p = requireTenant(req.principal);
      const { company_id: companyId, include_ineligible: all } = req.query;
      const resume = EVENT_ID.exec(reply.sse.lastEventId ?? '');
      const replayed = resume ? await svc.replay(p, resume[1] as string, companyId, Number(resume[2])) : null;
      const batch = replayed ?? { ...(await svc.run(p, companyId, all ?? false)), start: 0 };
      const total = 'total' in batch ? batch.total : batch.items.length;
      for (const [i, item] of batch.items.entries()) {
        if (!reply.sse.isConnected) return;
        await reply.sse.send({ id: `${batch.run_id}:${batch.start + i}`, event: 'match', data: item });
      }
      await reply.sse.send({ event: 'done', data: { run_id: batch.run_id, company_id: companyId, count: total } });
    });

    app.get('/matches/:match_id', {
      config: { access: { audience: 'tenant' } },
      schema: { summary: 'Get one match with its reasons', tags, params: MatchIdParams, response: { 200: MatchOut, ...errorResponses(401, 403, 404, 422, 429) } },
    }, async (req) => svc.get(requireTenant(req.principal), req.params.match_id));

    app.patch('/matches/:match_id', {
      config: { access: { audience: 'tenant' } },
      schema: {
        summary: 'Save or dismiss a match',
        tags,
        params: MatchIdParams,
        body: Type.Object({ status: Status }, { additionalProperties: false }),
        response: { 200: MatchOut, ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    }, async (req) => svc.setStatus(requireTenant(req.principal), req.params.match_id, req.body.status));
  };
}
