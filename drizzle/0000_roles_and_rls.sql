-- Roles the application switches to inside each transaction (see src/platform/db/tenancy.ts).
-- app_user: tenant-scoped work, sees only rows of app.tenant_id.
-- app_system: deliberately cross-tenant work (login lookup, operators, workers).
-- Roles are cluster-wide, so creation tolerates another database or a parallel migrator having made them.
DO $$
BEGIN
  BEGIN
    CREATE ROLE app_user NOLOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  BEGIN
    CREATE ROLE app_system NOLOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
END
$$;
--> statement-breakpoint
GRANT app_user, app_system TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO app_user, app_system;
--> statement-breakpoint
-- The one helper every tenant table goes through: ENABLE + FORCE row-level security (FORCE so the
-- table owner is not exempt), a tenant policy for app_user with USING and WITH CHECK, and an
-- explicit policy for app_system. current_setting(..., true) is '' (not NULL) after a transaction
-- that set it locally, hence nullif.
CREATE OR REPLACE FUNCTION app_enable_tenant_rls(tbl regclass, tenant_column text DEFAULT 'tenant_id')
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', tbl);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s AS PERMISSIVE FOR ALL TO app_user '
    'USING (%I = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
    'WITH CHECK (%I = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)',
    tbl, tenant_column, tenant_column);
  EXECUTE format('DROP POLICY IF EXISTS system_access ON %s', tbl);
  EXECUTE format('CREATE POLICY system_access ON %s AS PERMISSIVE FOR ALL TO app_system USING (true) WITH CHECK (true)', tbl);
END
$$;
