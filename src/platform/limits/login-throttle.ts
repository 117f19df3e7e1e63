import { AppError } from '../http/errors.ts';
import type { LimitStore } from './limit-store.ts';

const WINDOW_MS = 15 * 60_000;
const REGISTRATION_WINDOW_MS = 60 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 30;

/**
 * Slows password guessing: failed logins are counted per account and per client IP in a
 * 15-minute window; past the limit, login answers 429 before any password is checked.
 */
export class LoginThrottle {
  constructor(
    private readonly store: LimitStore,
    private readonly registrationsPerIpHour: number,
  ) {}

  private async refuseIfOver(key: string, windowMs: number, max: number, what: string): Promise<void> {
    const w = await this.store.addToWindow(key, windowMs, 0);
    if (w.count >= max) {
      const retry = Math.max(1, Math.ceil(w.resetMs / 1000));
      throw new AppError('rate_limited', `Too many ${what}; retry in ${retry} s`, { headers: { 'retry-after': String(retry) } });
    }
  }

  async assertLoginAllowed(email: string, ip: string): Promise<void> {
    await this.refuseIfOver(`login:ip:${ip}`, WINDOW_MS, MAX_FAILURES_PER_IP, 'failed logins from this address');
    await this.refuseIfOver(`login:acct:${email.toLowerCase()}`, WINDOW_MS, MAX_FAILURES_PER_ACCOUNT, 'failed logins for this account');
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([
      this.store.addToWindow(`login:ip:${ip}`, WINDOW_MS, 1),
      this.store.addToWindow(`login:acct:${email.toLowerCase()}`, WINDOW_MS, 1),
    ]);
  }

  /** Registration creates tenants: bounded per IP so one client cannot mint thousands. */
  async spendRegistration(ip: string): Promise<void> {
    await this.refuseIfOver(`register:ip:${ip}`, REGISTRATION_WINDOW_MS, this.registrationsPerIpHour, 'registrations from this address');
    await this.store.addToWindow(`register:ip:${ip}`, REGISTRATION_WINDOW_MS, 1);
  }
}
