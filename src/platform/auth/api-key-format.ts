import { createHash, randomBytes } from 'node:crypto';

export const LIVE_PREFIX = 'ct_live_';
export const TEST_PREFIX = 'ct_test_';
/** 32 random bytes → 43 base64url characters. */
const KEY_RE = /^ct_(live|test)_[A-Za-z0-9_-]{43}$/;
export const KEY_PREFIX_LENGTH = 12;

export interface NewApiKey {
  key: string;
  prefix: string;
  hash: string;
}

export function generateApiKey(sandbox: boolean): NewApiKey {
  const key = `${sandbox ? TEST_PREFIX : LIVE_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, KEY_PREFIX_LENGTH), hash: hashApiKey(key) };
}

/** Keys carry 256 bits of entropy, so a fast hash is enough to make the stored value useless. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** True when the bearer token has the shape of one of our keys (checked before any query). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith('ct_');
}

export function isWellFormedApiKey(token: string): boolean {
  return KEY_RE.test(token);
}
