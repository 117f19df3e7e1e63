import { and, count, desc, eq, ilike, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db/tenancy.ts';
import { carbonProfiles, companies, type CarbonProfileData } from './companies.tables.ts';

export type CompanyRow = typeof companies.$inferSelect;
export type CompanyValues = Omit<typeof companies.$inferInsert, 'id' | 'tenantId' | 'createdAt' | 'updatedAt'>;

export async function insertCompany(tx: Tx, tenantId: string, values: CompanyValues): Promise<CompanyRow> {
  const [row] = await tx.insert(companies).values({ ...values, tenantId }).returning();
  if (!row) throw new Error('company insert returned nothing');
  return row;
}

export async function getCompany(tx: Tx, id: string): Promise<CompanyRow | null> {
  const [row] = await tx.select().from(companies).where(eq(companies.id, id)).limit(1);
  return row ?? null;
}

export async function listCompanies(tx: Tx, opts: { offset: number; limit: number; q?: string; country?: string }) {
  const filters: SQL[] = [];
  if (opts.q) filters.push(ilike(companies.name, `%${opts.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (opts.country) filters.push(eq(companies.country, opts.country));
  const where = filters.length ? and(...filters) : undefined;
  const [total] = await tx.select({ n: count() }).from(companies).where(where);
  const items = await tx.select().from(companies).where(where).orderBy(desc(companies.createdAt), companies.id).offset(opts.offset).limit(opts.limit);
  return { items, total: Number(total?.n ?? 0) };
}

export async function updateCompany(tx: Tx, id: string, values: Partial<CompanyValues>): Promise<CompanyRow | null> {
  const [row] = await tx.update(companies).set({ ...values, updatedAt: new Date() }).where(eq(companies.id, id)).returning();
  return row ?? null;
}

export async function deleteCompany(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx.delete(companies).where(eq(companies.id, id)).returning({ id: companies.id });
  return rows.length > 0;
}

export async function getProfile(tx: Tx, companyId: string) {
  const [row] = await tx.select().from(carbonProfiles).where(eq(carbonProfiles.companyId, companyId)).limit(1);
  return row ?? null;
}

export async function putProfile(tx: Tx, tenantId: string, companyId: string, profile: CarbonProfileData) {
  const now = new Date();
  const [row] = await tx
    .insert(carbonProfiles)
    .values({ companyId, tenantId, profile, updatedAt: now })
    .onConflictDoUpdate({ target: carbonProfiles.companyId, set: { profile, updatedAt: now } })
    .returning();
  if (!row) throw new Error('carbon profile upsert returned nothing');
  return row;
}
