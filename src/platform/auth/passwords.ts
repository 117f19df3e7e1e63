import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import type { ValidationIssue } from '../http/errors.ts';

// argon2id at OWASP's first recommended setting (19 MiB, t=2, p=1).
const ARGON2ID = 2 as Algorithm;
export const ARGON2_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 10;
// Bounded so a megabyte "password" cannot make hashing a denial-of-service lever.
export const PASSWORD_MAX_LENGTH = 128;

const COMMON = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', '1234567890', '12345678910', 'qwertyuiop',
  'qwerty1234', 'iloveyou12', 'letmein123', 'welcome123', 'admin12345', 'changeme12', 'abc1234567', 'passw0rd12',
  'carbonconnect', 'sunshine12', 'football12', 'monkey1234', '1q2w3e4r5t', 'zaq12wsxcde', 'qwertyuiop1',
]);

/** Reasons a password is refused, as 422 issues on `field`. Empty = acceptable. */
export function passwordIssues(password: string, field: (string | number)[], context: { email?: string } = {}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (msg: string) => issues.push({ loc: field, msg, type: 'weak_password' });
  if (password.length < PASSWORD_MIN_LENGTH) add(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) add(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  if (new Set(password).size < 4) add('must use at least 4 different characters');
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) add('is a commonly used password');
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) add('must not contain your email name');
  return issues;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;
/**
 * Spends the same argon2 work as a real check when the account does not exist, so response
 * time does not reveal which emails are registered.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('dummy-password-for-timing-equalisation');
  await verifyPassword(await dummy, password);
}
