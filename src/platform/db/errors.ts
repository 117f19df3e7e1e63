/** Postgres SQLSTATE of an error from either driver (drizzle wraps the driver's error in `cause`). */
export function sqlState(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}

export const isUniqueViolation = (err: unknown): boolean => sqlState(err) === '23505';
