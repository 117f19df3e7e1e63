import { Type, type Static } from 'typebox';
import { PASSWORD_MAX_LENGTH } from '../../platform/auth/passwords.ts';

const Email = Type.String({ format: 'email', maxLength: 254, examples: ['ana@example.com'] });
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH, examples: ['correct-horse-battery'] });
const Name = (examples: string[]) => Type.String({ minLength: 1, maxLength: 200, examples });
export const RoleSchema = Type.Union([Type.Literal('owner'), Type.Literal('admin'), Type.Literal('member'), Type.Literal('viewer')]);
const PlanSchema = Type.Union([Type.Literal('free'), Type.Literal('starter'), Type.Literal('professional'), Type.Literal('enterprise')]);
const Timestamp = Type.String({ format: 'date-time' });

export const RegisterBody = Type.Object(
  {
    email: Email,
    password: Password,
    full_name: Name(['Ana Schmidt']),
    organization_name: Name(['Bäckerei Müller GmbH']),
    referral_code: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const UserOut = Type.Object({ id: Type.String({ format: 'uuid' }), email: Type.String(), full_name: Type.String(), role: RoleSchema });
export const TenantOut = Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), plan: PlanSchema });

const TokenFields = {
  access_token: Type.String(),
  refresh_token: Type.String(),
  token_type: Type.Literal('bearer'),
  expires_in: Type.Integer({ examples: [1800] }),
};

export const RegisterReply = Type.Object({ user: UserOut, tenant: TenantOut, ...TokenFields });

/** JSON `{username, password}` or the OAuth2 password form Swagger UI's Authorize button sends. */
export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 254, description: 'Your email address' }),
  password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
  grant_type: Type.Optional(Type.Literal('password')),
  scope: Type.Optional(Type.String({ maxLength: 200 })),
  client_id: Type.Optional(Type.String({ maxLength: 200 })),
  client_secret: Type.Optional(Type.String({ maxLength: 200 })),
});
export type LoginBody = Static<typeof LoginBody>;

export const TokenReply = Type.Object({
  ...TokenFields,
  user_id: Type.String({ format: 'uuid' }),
  is_operator: Type.Boolean(),
});

export const RefreshBody = Type.Object({ refresh_token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export type RefreshBody = Static<typeof RefreshBody>;

export const MeReply = Type.Object({
  kind: Type.Union([Type.Literal('user'), Type.Literal('api_key'), Type.Literal('operator')]),
  user: Type.Union([UserOut, Type.Null()]),
  role: Type.Union([RoleSchema, Type.Null()]),
  tenant: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), plan: PlanSchema, is_active: Type.Boolean() }), Type.Null()]),
  plan: Type.Union([PlanSchema, Type.Null()]),
  api_key: Type.Union([Type.Object({ id: Type.String(), key_prefix: Type.String(), scopes: Type.String(), sandbox: Type.Boolean() }), Type.Null()]),
});

export const MemberOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  full_name: Type.String(),
  role: RoleSchema,
  is_active: Type.Boolean(),
  created_at: Timestamp,
});

export const CreateUserBody = Type.Object(
  { email: Email, full_name: Name(['Jonas Weber']), role: RoleSchema, password: Password },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  { full_name: Type.Optional(Name(['Jonas Weber'])), role: Type.Optional(RoleSchema), is_active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const UserIdParams = Type.Object({ user_id: Type.String({ format: 'uuid' }) });
export const ApiKeyIdParams = Type.Object({ api_key_id: Type.String({ format: 'uuid' }) });

export const ApiKeyOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  key_name: Type.String(),
  key_prefix: Type.String({ examples: ['ct_live_Ab3x'] }),
  scopes: Type.String({ examples: ['read,write'] }),
  rate_limit: Type.Integer(),
  is_active: Type.Boolean(),
  last_used: Type.Union([Timestamp, Type.Null()]),
  expires_at: Type.Union([Timestamp, Type.Null()]),
  created_at: Timestamp,
  sandbox: Type.Boolean(),
});
export const ApiKeyCreatedOut = Type.Object({ ...ApiKeyOut.properties, key: Type.String({ description: 'The secret: shown only in this response' }) });

export const CreateApiKeyBody = Type.Object(
  {
    key_name: Name(['ERP integration']),
    scopes: Type.Optional(Type.String({ default: 'read', pattern: '^\\s*[a-z]+(\\s*,\\s*[a-z]+)*\\s*$', examples: ['read,write'] })),
    rate_limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1000, description: 'Requests per hour' })),
    expires_at: Type.Optional(Type.Union([Timestamp, Type.Null()])),
    sandbox: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type CreateApiKeyBody = Static<typeof CreateApiKeyBody>;

export const UpdateApiKeyBody = Type.Object(
  {
    key_name: Type.Optional(Name(['ERP integration'])),
    is_active: Type.Optional(Type.Boolean()),
    rate_limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    expires_at: Type.Optional(Type.Union([Timestamp, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateApiKeyBody = Static<typeof UpdateApiKeyBody>;
