import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireTenant } from '../../platform/auth/principal.ts';
import { errorResponses } from '../../platform/http/error-schema.ts';
import { PageQuery, Paged } from '../../platform/http/pagination.ts';
import {
  ApiKeyCreatedOut,
  ApiKeyIdParams,
  ApiKeyOut,
  CreateApiKeyBody,
  CreateUserBody,
  LoginBody,
  MeReply,
  MemberOut,
  RefreshBody,
  RegisterBody,
  RegisterReply,
  TokenReply,
  UpdateApiKeyBody,
  UpdateUserBody,
  UserIdParams,
} from './accounts.schemas.ts';
import type { AuthService } from './accounts.service.ts';
import type { createApiKeysService } from './api-keys.service.ts';
import type { createMembersService } from './members.service.ts';

export interface AccountsRoutesDeps {
  auth: AuthService;
  members: ReturnType<typeof createMembersService>;
  apiKeys: ReturnType<typeof createApiKeysService>;
}

const tenantOf = (req: FastifyRequest) => requireTenant(req.principal);

const publicAuth = { access: { audience: 'public' as const, limited: false, ignoreCredentials: true } };
const manage = { access: { audience: 'user' as const, scope: 'admin' as const } };

export function accountsRoutes(deps: AccountsRoutesDeps): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/auth/register', {
      config: publicAuth,
      schema: {
        summary: 'Create an organisation and its owner account',
        description: 'Creates a tenant on the free plan with you as owner, and signs you in. Duplicate email → 409.',
        tags: ['Authentication'],
        body: RegisterBody,
        response: { 201: RegisterReply, ...errorResponses(400, 409, 422, 429) },
      },
    }, async (req, reply) => reply.status(201).send(await deps.auth.register(req.body, req.ip)));

    app.post('/auth/login', {
      config: publicAuth,
      schema: {
        summary: 'Sign in (JSON or OAuth2 password form)',
        description:
          'Accepts `{"username","password"}` as JSON or `grant_type=password&username=…&password=…` as a form, so ' +
          "Swagger UI's Authorize button works. Wrong password and unknown user answer the same 401; repeated failures → 429.",
        tags: ['Authentication'],
        body: LoginBody,
        response: { 200: TokenReply, ...errorResponses(400, 401, 422, 429) },
      },
    }, async (req) => deps.auth.login(req.body.username, req.body.password, req.ip));

    app.post('/auth/refresh', {
      config: publicAuth,
      schema: {
        summary: 'Exchange a refresh token for a new token pair',
        description: 'The presented token is spent. Presenting a spent token again revokes its whole family (401).',
        tags: ['Authentication'],
        body: RefreshBody,
        response: { 200: TokenReply, ...errorResponses(400, 401, 422) },
      },
    }, async (req) => deps.auth.refresh(req.body.refresh_token, req.ip));

    app.post('/auth/logout', {
      config: publicAuth,
      schema: {
        summary: 'Sign out: revoke the refresh token and its family',
        tags: ['Authentication'],
        body: RefreshBody,
        response: { 204: Type.Null(), ...errorResponses(400, 422) },
      },
    }, async (req, reply) => {
      await deps.auth.logout(req.body.refresh_token, req.ip);
      return reply.status(204).send(null);
    });

    app.get('/auth/me', {
      config: { access: { audience: 'authenticated' } },
      schema: {
        summary: 'Who am I: user, role, tenant and plan (or the API key in use)',
        tags: ['Authentication'],
        response: { 200: MeReply, ...errorResponses(401) },
      },
    }, async (req) => deps.auth.me(req.principal));

    app.get('/users', {
      config: { access: { audience: 'tenant' } },
      schema: {
        summary: "List your organisation's members",
        tags: ['Users'],
        querystring: PageQuery,
        response: { 200: Paged(MemberOut), ...errorResponses(401, 403, 422, 429) },
      },
    }, async (req) => deps.members.list(tenantOf(req), req.query));

    app.post('/users', {
      config: manage,
      schema: {
        summary: 'Add a member (owners and admins)',
        description: 'Only an owner may add another owner.',
        tags: ['Users'],
        body: CreateUserBody,
        response: { 201: MemberOut, ...errorResponses(400, 401, 403, 409, 422, 429) },
      },
    }, async (req, reply) => reply.status(201).send(await deps.members.create(tenantOf(req), req.body, req.ip)));

    app.patch('/users/:user_id', {
      config: manage,
      schema: {
        summary: "Change a member's name, role or active state",
        description: 'The last active owner cannot be demoted or deactivated (409).',
        tags: ['Users'],
        params: UserIdParams,
        body: UpdateUserBody,
        response: { 200: MemberOut, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    }, async (req) => deps.members.update(tenantOf(req), req.params.user_id, req.body, req.ip));

    app.delete('/users/:user_id', {
      config: manage,
      schema: {
        summary: 'Remove a member',
        tags: ['Users'],
        params: UserIdParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 409, 422, 429) },
      },
    }, async (req, reply) => {
      await deps.members.remove(tenantOf(req), req.params.user_id, req.ip);
      return reply.status(204).send(null);
    });

    app.get('/auth/api-keys', {
      config: { access: { audience: 'user', scope: 'admin' } },
      schema: {
        summary: 'List API keys',
        tags: ['API keys'],
        response: { 200: Type.Array(ApiKeyOut), ...errorResponses(401, 403, 429) },
      },
    }, async (req) => deps.apiKeys.list(tenantOf(req)));

    app.post('/auth/api-keys', {
      config: manage,
      schema: {
        summary: 'Create an API key (the secret is shown once)',
        description: 'Live keys start `ct_live_`, sandbox keys `ct_test_`. Only a hash is stored.',
        tags: ['API keys'],
        body: CreateApiKeyBody,
        response: { 201: ApiKeyCreatedOut, ...errorResponses(400, 401, 403, 422, 429) },
      },
    }, async (req, reply) => reply.status(201).send(await deps.apiKeys.create(tenantOf(req), req.body, req.ip)));

    app.patch('/auth/api-keys/:api_key_id', {
      config: manage,
      schema: {
        summary: 'Rename, (de)activate, re-limit or set the expiry of an API key',
        tags: ['API keys'],
        params: ApiKeyIdParams,
        body: UpdateApiKeyBody,
        response: { 200: ApiKeyOut, ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    }, async (req) => deps.apiKeys.update(tenantOf(req), req.params.api_key_id, req.body, req.ip));

    app.delete('/auth/api-keys/:api_key_id', {
      config: manage,
      schema: {
        summary: 'Delete an API key',
        tags: ['API keys'],
        params: ApiKeyIdParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 422, 429) },
      },
    }, async (req, reply) => {
      await deps.apiKeys.remove(tenantOf(req), req.params.api_key_id, req.ip);
      return reply.status(204).send(null);
    });
  };
}
