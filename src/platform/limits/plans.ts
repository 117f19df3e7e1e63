import type { CustomLimits, Plan } from '../auth/auth.tables.ts';

export type PlanLimits = CustomLimits;

/** The table in API.md "Plans and limits". */
export const PLAN_LIMITS: Record<Plan, PlanLimits> = {
  free: { requests_per_minute: 60, burst: 10, calcs_per_day: 25, calcs_per_minute: 5 },
  starter: { requests_per_minute: 300, burst: 30, calcs_per_day: 1_000, calcs_per_minute: 30 },
  professional: { requests_per_minute: 1_000, burst: 100, calcs_per_day: 10_000, calcs_per_minute: 100 },
  enterprise: { requests_per_minute: 5_000, burst: 500, calcs_per_day: 100_000, calcs_per_minute: 500 },
};

/** Anonymous callers (per IP) may use only the footprint and reference routes, at these budgets. */
export const ANONYMOUS_CALC_LIMITS = { calcs_per_day: 25, calcs_per_minute: 5 } as const;

export function effectiveLimits(plan: Plan, custom: CustomLimits | null): PlanLimits {
  return custom ?? PLAN_LIMITS[plan];
}
