import { createHash, createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Role } from './auth.tables.ts';

export const ACCESS_TOKEN_TTL_SECONDS = 30 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;
const ISSUER = 'carbon-connect';
const AUDIENCE = 'carbon-connect-api';
// Pinned: a token naming any other algorithm (including "none") is rejected by jwtVerify.
const ALGORITHM = 'HS256';

export type AccessClaims =
  | { kind: 'user'; sub: string; tid: string; role: Role }
  | { kind: 'operator'; sub: string };

export interface VerifiedAccess {
  readonly claims: AccessClaims;
  /** When the token expires (ms since the epoch). */
  readonly expMs: number;
}

export interface TokenSigner {
  signAccess(claims: AccessClaims): Promise<string>;
  verifyAccess(token: string): Promise<AccessClaims | null>;
  /** verifyAccess with the token's expiry, for callers that cache what they derive from it. */
  verifyAccessUntil(token: string): Promise<VerifiedAccess | null>;
}

// Verified tokens are remembered until they expire: HMAC verification through jose costs tens of
// microseconds, a Map lookup none. Safe because a token is immutable and everything that can change
// (the user, role, tenant state) is checked against current records on every request anyway.
const VERIFIED_CACHE_MAX = 10_000;

export function createTokenSigner(secret: string): TokenSigner {
  // A KeyObject lets jose use Node's HMAC directly instead of importing a WebCrypto key per call.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const verified = new Map<string, VerifiedAccess>();
  const remember = (token: string, claims: AccessClaims, expSeconds: number): VerifiedAccess => {
    if (verified.size >= VERIFIED_CACHE_MAX) verified.delete(verified.keys().next().value as string);
    const entry = { claims, expMs: expSeconds * 1000 };
    verified.set(token, entry);
    return entry;
  };
  const verifyAccessUntil = async (token: string): Promise<VerifiedAccess | null> => {
    const hit = verified.get(token);
    if (hit) {
      if (hit.expMs > Date.now()) return hit;
      verified.delete(token);
      return null;
    }
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['exp', 'sub'] });
      const sub = payload.sub;
      const exp = payload.exp;
      if (typeof sub !== 'string' || typeof exp !== 'number') return null;
      const role = payload.role;
      if (payload.typ === 'operator') return remember(token, { kind: 'operator', sub }, exp);
      if (payload.typ === 'user' && typeof payload.tid === 'string' && (role === 'owner' || role === 'admin' || role === 'member' || role === 'viewer')) {
        return remember(token, { kind: 'user', sub, tid: payload.tid, role }, exp);
      }
      return null;
    } catch (err) {
      if (err instanceof joseErrors.JOSEError || err instanceof TypeError) return null;
      throw err;
    }
  };
  return {
    async signAccess(claims) {
      const payload = claims.kind === 'user' ? { typ: 'user', tid: claims.tid, role: claims.role } : { typ: 'operator' };
      return new SignJWT(payload)
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setJti(randomUUID())
        .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
        .sign(key);
    },
    async verifyAccess(token) {
      return (await verifyAccessUntil(token))?.claims ?? null;
    },
    verifyAccessUntil,
  };
}

export interface NewRefreshToken {
  token: string;
  hash: string;
}

export function generateRefreshToken(): NewRefreshToken {
  const token = `crt_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
