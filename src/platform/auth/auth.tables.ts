import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const PLANS = ['free', 'starter', 'professional', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];
export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface CustomLimits {
  requests_per_minute: number;
  burst: number;
  calcs_per_day: number;
  calcs_per_minute: number;
}

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  name: text('name').notNull(),
  plan: text('plan').$type<Plan>().notNull().default('free'),
  isActive: boolean('is_active').notNull().default(true),
  /** A contract's custom limits overriding the plan's; null = the plan's. */
  customLimits: jsonb('custom_limits').$type<CustomLimits | null>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('tenants_plan_check', sql`${t.plan} in ('free', 'starter', 'professional', 'enterprise')`)]);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    fullName: text('full_name').notNull(),
    role: text('role').$type<Role>().notNull(),
    passwordHash: text('password_hash').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('users_tenant_idx').on(t.tenantId),
    // Login looks a user up by email before the tenant is known, so emails are unique platform-wide.
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
    check('users_role_check', sql`${t.role} in ('owner', 'admin', 'member', 'viewer')`),
  ],
);

/** Platform operators belong to no tenant; only app_system may read this table. */
export const operators = pgTable(
  'operators',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('operators_email_unique').on(sql`lower(${t.email})`)],
);

/**
 * Opaque refresh tokens, stored as SHA-256 hashes. A family is one login's chain of rotations:
 * replaying a spent token revokes the whole family. Looked up before the tenant is known, so
 * the table is system-only.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    familyId: uuid('family_id').notNull(),
    subjectKind: text('subject_kind').$type<'user' | 'operator'>().notNull(),
    subjectId: uuid('subject_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('refresh_tokens_hash_unique').on(t.tokenHash), index('refresh_tokens_family_idx').on(t.familyId)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    keyName: text('key_name').notNull(),
    keyPrefix: text('key_prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    rateLimit: integer('rate_limit').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    sandbox: boolean('sandbox').notNull().default(false),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsed: timestamp('last_used', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('api_keys_tenant_idx').on(t.tenantId),
    uniqueIndex('api_keys_hash_unique').on(t.keyHash),
    check('api_keys_rate_limit_check', sql`${t.rateLimit} > 0`),
  ],
);
