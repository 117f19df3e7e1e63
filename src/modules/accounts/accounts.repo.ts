import { and, count, eq, ne, sql } from 'drizzle-orm';
import { apiKeys, operators, refreshTokens, tenants, users, type Role } from '../../platform/auth/auth.tables.ts';
import type { Tx } from '../../platform/db/tenancy.ts';

export type UserRow = typeof users.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** Cross-tenant lookups (login, registration): callers run them in withSystem. */
export async function findUserByEmail(tx: Tx, email: string): Promise<UserRow | null> {
  const [row] = await tx.select().from(users).where(sql`lower(${users.email}) = lower(${email})`).limit(1);
  return row ?? null;
}

export async function findOperatorByEmail(tx: Tx, email: string) {
  const [row] = await tx.select().from(operators).where(sql`lower(${operators.email}) = lower(${email})`).limit(1);
  return row ?? null;
}

export async function insertTenant(tx: Tx, name: string) {
  const [row] = await tx.insert(tenants).values({ name }).returning();
  if (!row) throw new Error('tenant insert returned nothing');
  return row;
}

export async function getTenant(tx: Tx, id: string) {
  const [row] = await tx.select().from(tenants).where(eq(tenants.id, id)).limit(1);
  return row ?? null;
}

export async function insertUser(tx: Tx, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await tx.insert(users).values(values).returning();
  if (!row) throw new Error('user insert returned nothing');
  return row;
}

export async function getUser(tx: Tx, id: string): Promise<UserRow | null> {
  const [row] = await tx.select().from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

export async function listUsers(tx: Tx, offset: number, limit: number) {
  const [total] = await tx.select({ n: count() }).from(users);
  const items = await tx.select().from(users).orderBy(users.createdAt, users.id).offset(offset).limit(limit);
  return { items, total: Number(total?.n ?? 0) };
}

export async function updateUser(tx: Tx, id: string, patch: Partial<Pick<UserRow, 'fullName' | 'role' | 'isActive'>>): Promise<UserRow | null> {
  const [row] = await tx.update(users).set(patch).where(eq(users.id, id)).returning();
  return row ?? null;
}

export async function deleteUser(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx.delete(users).where(eq(users.id, id)).returning({ id: users.id });
  return rows.length > 0;
}

/** Active owners other than `exceptId`, locked so two concurrent demotions cannot both pass. */
export async function countOtherActiveOwners(tx: Tx, exceptId: string): Promise<number> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'owner' as Role), eq(users.isActive, true), ne(users.id, exceptId)))
    .for('update');
  return rows.length;
}

export async function insertRefreshToken(tx: Tx, values: typeof refreshTokens.$inferInsert): Promise<void> {
  await tx.insert(refreshTokens).values(values);
}

/** Spends a refresh token atomically: of many concurrent presentations exactly one gets the row. */
export async function spendRefreshToken(tx: Tx, hash: string) {
  const [row] = await tx
    .update(refreshTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(refreshTokens.tokenHash, hash), sql`${refreshTokens.usedAt} is null`, sql`${refreshTokens.revokedAt} is null`, sql`${refreshTokens.expiresAt} > now()`))
    .returning();
  return row ?? null;
}

export async function findRefreshToken(tx: Tx, hash: string) {
  const [row] = await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hash)).limit(1);
  return row ?? null;
}

export async function revokeFamily(tx: Tx, familyId: string): Promise<number> {
  const rows = await tx
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.familyId, familyId), sql`${refreshTokens.revokedAt} is null`))
    .returning({ id: refreshTokens.id });
  return rows.length;
}

export async function revokeAllForSubject(tx: Tx, subjectId: string): Promise<void> {
  await tx.update(refreshTokens).set({ revokedAt: sql`now()` }).where(and(eq(refreshTokens.subjectId, subjectId), sql`${refreshTokens.revokedAt} is null`));
}

export async function insertApiKey(tx: Tx, values: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [row] = await tx.insert(apiKeys).values(values).returning();
  if (!row) throw new Error('api key insert returned nothing');
  return row;
}

export async function listApiKeys(tx: Tx): Promise<ApiKeyRow[]> {
  return tx.select().from(apiKeys).orderBy(apiKeys.createdAt, apiKeys.id);
}

export async function updateApiKey(
  tx: Tx,
  id: string,
  patch: Partial<Pick<ApiKeyRow, 'keyName' | 'isActive' | 'rateLimit' | 'expiresAt'>>,
): Promise<ApiKeyRow | null> {
  const [row] = await tx.update(apiKeys).set(patch).where(eq(apiKeys.id, id)).returning();
  return row ?? null;
}

export async function deleteApiKey(tx: Tx, id: string): Promise<ApiKeyRow | null> {
  const [row] = await tx.delete(apiKeys).where(eq(apiKeys.id, id)).returning();
  return row ?? null;
}

export async function getApiKey(tx: Tx, id: string): Promise<ApiKeyRow | null> {
  const [row] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id)).limit(1);
  return row ?? null;
}
