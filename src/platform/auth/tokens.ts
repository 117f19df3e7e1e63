import { createHash, randomBytes, randomUUID } from 'node:crypto';
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

export interface TokenSigner {
  signAccess(claims: AccessClaims): Promise<string>;
  verifyAccess(token: string): Promise<AccessClaims | null>;
}

export function createTokenSigner(secret: string): TokenSigner {
  const key = new TextEncoder().encode(secret);
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
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['exp', 'sub'] });
        const sub = payload.sub;
        if (typeof sub !== 'string') return null;
        if (payload.typ === 'operator') return { kind: 'operator', sub };
        const role = payload.role;
        if (payload.typ === 'user' && typeof payload.tid === 'string' && (role === 'owner' || role === 'admin' || role === 'member' || role === 'viewer')) {
          return { kind: 'user', sub, tid: payload.tid, role };
        }
        return null;
      } catch (err) {
        if (err instanceof joseErrors.JOSEError || err instanceof TypeError) return null;
        throw err;
      }
    },
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
