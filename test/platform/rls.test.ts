import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows, withSystem, withTenant } from '../../src/platform/db/tenancy.ts';
import { createTenant, testDatabase, unique } from '../helpers/database.ts';

interface TableRls {
  table: string;
  rls: boolean;
  forced: boolean;
  using: string | null;
  check: string | null;
  roles: string | null;
}

/** Every table with a tenant_id column, from the catalog: a new table cannot escape the check. */
async function tenantTables(): Promise<TableRls[]> {
  const database = await testDatabase();
  return queryRows<TableRls>(database.db, sql`
    select c.relname as "table", c.relrowsecurity as rls, c.relforcerowsecurity as forced,
      pg_get_expr(p.polqual, p.polrelid) as using, pg_get_expr(p.polwithcheck, p.polrelid) as check,
      (select string_agg(r.rolname, ',') from pg_roles r where r.oid = any(p.polroles)) as roles
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
    left join pg_policy p on p.polrelid = c.oid and p.polname = 'tenant_isolation'
    where c.relkind in ('r', 'p')
    order by c.relname`);
}

describe('row-level security on every tenant table', () => {
  it('finds the tenant tables in the catalog', async () => {
    const tables = await tenantTables();
    expect(tables.map((t) => t.table)).toContain('users');
  });

  it('has ENABLE + FORCE and a tenant policy with USING and WITH CHECK on each', async () => {
    for (const t of await tenantTables()) {
      expect({ table: t.table, rls: t.rls, forced: t.forced }).toEqual({ table: t.table, rls: true, forced: true });
      expect(t.roles, t.table).toBe('app_user');
      expect(t.using, t.table).toMatch(/tenant_id = \(?NULLIF\(current_setting\('app\.tenant_id'::text, true\), ''::text\)\)?::uuid/i);
      expect(t.check, t.table).toBe(t.using);
    }
  });

  it('forces RLS on tenants too, keyed by id', async () => {
    const database = await testDatabase();
    const rows = await queryRows<{ rls: boolean; forced: boolean }>(
      database.db,
      sql`select relrowsecurity as rls, relforcerowsecurity as forced from pg_class where relname = 'tenants'`,
    );
    expect(rows[0]).toEqual({ rls: true, forced: true });
  });
});

describe('tenant isolation at the database', () => {
  async function seedUser(tenantId: string): Promise<string> {
    const database = await testDatabase();
    const email = `${unique('u')}@example.com`;
    await withTenant(database, tenantId, (tx) =>
      tx.execute(sql`insert into users (tenant_id, email, full_name, role, password_hash) values (${tenantId}, ${email}, 'U', 'owner', 'x')`),
    );
    return email;
  }

  it('shows a tenant only its own rows', async () => {
    const database = await testDatabase();
    const a = await createTenant(database);
    const b = await createTenant(database);
    const emailA = await seedUser(a);
    const emailB = await seedUser(b);
    const seenByA = await withTenant(database, a, (tx) => queryRows<{ email: string }>(tx, sql`select email from users`));
    const emails = seenByA.map((r) => r.email);
    expect(emails).toContain(emailA);
    expect(emails).not.toContain(emailB);
    const tenantsSeen = await withTenant(database, a, (tx) => queryRows<{ id: string }>(tx, sql`select id from tenants`));
    expect(tenantsSeen.map((r) => r.id)).toEqual([a]);
  });

  it('refuses to write a row into another tenant (WITH CHECK)', async () => {
    const database = await testDatabase();
    const a = await createTenant(database);
    const b = await createTenant(database);
    await expect(
      withTenant(database, a, (tx) =>
        tx.execute(sql`insert into users (tenant_id, email, full_name, role, password_hash) values (${b}, ${unique('x') + '@e.com'}, 'X', 'owner', 'x')`),
      ),
    ).rejects.toThrow();
  });

  it('cannot move a row to another tenant or touch its rows', async () => {
    const database = await testDatabase();
    const a = await createTenant(database);
    const b = await createTenant(database);
    const emailB = await seedUser(b);
    const updated = await withTenant(database, a, (tx) =>
      queryRows<{ id: string }>(tx, sql`update users set full_name = 'hacked' where email = ${emailB} returning id`),
    );
    expect(updated).toEqual([]);
    const emailA = await seedUser(a);
    await expect(
      withTenant(database, a, (tx) => tx.execute(sql`update users set tenant_id = ${b} where email = ${emailA}`)),
    ).rejects.toThrow();
  });

  it('sees nothing once the transaction is over (setting is local, not NULL)', async () => {
    const database = await testDatabase();
    const a = await createTenant(database);
    await seedUser(a);
    const setting = await queryRows<{ v: string | null }>(database.db, sql`select current_setting('app.tenant_id', true) as v`);
    expect(setting[0]?.v ?? '').toBe('');
    const count = await database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'app_user', true)`);
      return queryRows<{ n: number }>(tx, sql`select count(*)::int as n from users`);
    });
    expect(count[0]?.n).toBe(0);
  });

  it('runs withSystem across tenants as app_system, not as the owner', async () => {
    const database = await testDatabase();
    const a = await createTenant(database);
    const b = await createTenant(database);
    const res = await withSystem(database, (tx) =>
      queryRows<{ who: string; n: number }>(tx, sql`select current_user as who, count(*)::int as n from tenants where id in (${a}, ${b})`),
    );
    expect(res[0]).toEqual({ who: 'app_system', n: 2 });
  });

  it('rejects a tenant id that is not a uuid before touching the database', async () => {
    const database = await testDatabase();
    await expect(withTenant(database, "x'; drop table users; --", async () => 1)).rejects.toThrow(/uuid/);
  });
});

describe('table access rules for the application role', () => {
  it('keeps credential tables out of reach of tenant transactions', async () => {
    const database = await testDatabase();
    const a = await createTenant(database);
    for (const table of ['refresh_tokens', 'operators', 'catalogue_imports']) {
      await expect(withTenant(database, a, (tx) => tx.execute(sql`select * from ${sql.identifier(table)} limit 1`)), table).rejects.toThrow();
    }
  });

  it('lets tenants read the public grant catalogue but never write it', async () => {
    const database = await testDatabase();
    const a = await createTenant(database);
    await expect(withTenant(database, a, (tx) => tx.execute(sql`select count(*) from grants`))).resolves.toBeDefined();
    await expect(withTenant(database, a, (tx) => tx.execute(sql`update grants set title = 'hacked'`))).rejects.toThrow();
    await expect(withTenant(database, a, (tx) => tx.execute(sql`delete from grants`))).rejects.toThrow();
  });
});
