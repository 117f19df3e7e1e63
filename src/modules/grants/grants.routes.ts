import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/error-schema.ts';
import { GrantCreate, GrantIdParams, GrantImportBody, GrantImportResult, GrantListQuery, GrantOut, GrantPage, GrantPatch } from './grants.schemas.ts';
import type { GrantsService, OperatorContext } from './grants.service.ts';

/** The catalogue is public reading: anonymous, and not counted against a tenant's request limit. */
const publicRead = { access: { audience: 'public' as const, scope: 'read' as const, limited: false, sandbox: 'allow' as const } };
const operatorOnly = { access: { audience: 'operator' as const } };
export const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

function operator(req: FastifyRequest): OperatorContext {
  const p = req.principal;
  if (p.kind !== 'operator') throw new AppError('forbidden', 'Only platform operators may do this');
  return { operatorId: p.operatorId, ip: req.ip };
}

export function grantsRoutes(deps: { grants: GrantsService }): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/grants', {
      config: publicRead,
      schema: {
        summary: 'Search the funding programme catalogue',
        description:
          'Full-text search (`q`, any lexicon language: "Wärmepumpe" and "pompe à chaleur" find heat-pump programmes) ranked by relevance, ' +
          'with filters by country (EU membership and `also_open_to` included), region, NACE sector, company size, funding type, topic, ' +
          'status (derived from the call dates as of today), award amount and deadline. Archived programmes are hidden. ' +
          '`facets` counts status, funding_type, topic and country over the filtered set, each without its own filter.',
        tags: ['Grants'],
        querystring: GrantListQuery,
        response: { 200: GrantPage, ...errorResponses(401, 422, 429) },
      },
    }, async (req) => deps.grants.list(req.query));

    app.get('/grants/:grant_id', {
      config: publicRead,
      schema: {
        summary: 'One funding programme by numeric id or slug',
        tags: ['Grants'],
        params: GrantIdParams,
        response: { 200: GrantOut, ...errorResponses(401, 404, 429) },
      },
    }, async (req) => deps.grants.get(req.params.grant_id));

    app.post('/grants', {
      config: operatorOnly,
      schema: {
        summary: 'Add a programme to the catalogue (platform operators)',
        description: 'A slug already in use (archived programmes included) → 409. Recorded in the platform audit chain.',
        tags: ['Grants'],
        body: GrantCreate,
        response: { 201: GrantOut, ...errorResponses(400, 401, 403, 409, 422) },
      },
    }, async (req, reply) => reply.status(201).send(await deps.grants.create(operator(req), req.body)));

    app.patch('/grants/:grant_id', {
      config: operatorOnly,
      schema: {
        summary: 'Change a programme (platform operators)',
        description: 'Send only the fields to change; an empty body changes nothing. Archived programmes answer 404.',
        tags: ['Grants'],
        params: GrantIdParams,
        body: GrantPatch,
        response: { 200: GrantOut, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    }, async (req) => deps.grants.update(operator(req), req.params.grant_id, req.body));

    app.delete('/grants/:grant_id', {
      config: operatorOnly,
      schema: {
        summary: 'Archive a programme (platform operators)',
        description: 'Sets archived_at: the programme disappears from search, lookups and matching; its past matches keep their reference. Re-importing its slug restores it.',
        tags: ['Grants'],
        params: GrantIdParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
      },
    }, async (req, reply) => {
      await deps.grants.archive(operator(req), req.params.grant_id);
      return reply.status(204).send(null);
    });

    app.post('/grants/import', {
      config: operatorOnly,
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        summary: 'Bulk import programmes (platform operators)',
        description:
          'A JSON array in the programmes.json format (up to 16 MiB), upserted by `id` (the slug). Each record is validated on its own: ' +
          'valid ones are written in one transaction, invalid ones are listed in `errors` by index. An archived programme in the import is restored.',
        tags: ['Grants'],
        body: GrantImportBody,
        response: { 200: GrantImportResult, ...errorResponses(400, 401, 403, 413, 422) },
      },
    }, async (req) => deps.grants.import(operator(req), req.body));
  };
}
