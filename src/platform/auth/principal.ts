import { AppError } from '../http/errors.ts';
import type { Plan, Role } from './auth.tables.ts';
import type { PlanLimits } from '../limits/plans.ts';

export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface TenantState {
  id: string;
  plan: Plan;
  limits: PlanLimits;
  isActive: boolean;
}

export type Principal =
  | { kind: 'anonymous'; ip: string }
  | { kind: 'user'; userId: string; role: Role; tenant: TenantState; scopes: ReadonlySet<Scope> }
  | {
      kind: 'api_key';
      keyId: string;
      tenant: TenantState;
      scopes: ReadonlySet<Scope>;
      /** Requests per hour for this key. */
      rateLimit: number;
      sandbox: boolean;
    }
  | { kind: 'operator'; operatorId: string };

export type TenantPrincipal = Extract<Principal, { kind: 'user' | 'api_key' }>;

const MANAGE: ReadonlySet<Scope> = new Set<Scope>(['read', 'write', 'admin']);
const READ_WRITE: ReadonlySet<Scope> = new Set<Scope>(['read', 'write']);
const READ_ONLY: ReadonlySet<Scope> = new Set<Scope>(['read']);

/** What a role may do, expressed in the same scopes as API keys so one check serves both. */
export function scopesOfRole(role: Role): ReadonlySet<Scope> {
  switch (role) {
    case 'owner':
    case 'admin':
      return MANAGE;
    case 'member':
      return READ_WRITE;
    case 'viewer':
      return READ_ONLY;
  }
}

export function isTenantPrincipal(p: Principal): p is TenantPrincipal {
  return p.kind === 'user' || p.kind === 'api_key';
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    /** True for requests made with a sandbox (ct_test_) key: routes answer fixtures and write nothing. */
    sandbox: boolean;
  }
}

/** The caller as a tenant principal; the authenticate hook already guarantees one on tenant/user routes. */
export function requireTenant(p: Principal): TenantPrincipal {
  if (!isTenantPrincipal(p)) throw new AppError('forbidden', 'A tenant account is required');
  return p;
}
