CREATE TABLE "assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"product_id" uuid,
	"quantity" integer DEFAULT 1 NOT NULL,
	"input" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"method" text NOT NULL,
	"unit_kg_co2e" double precision NOT NULL,
	"total_kg_co2e" double precision NOT NULL,
	"production_kg" double precision NOT NULL,
	"transport_kg" double precision NOT NULL,
	"use_kg" double precision NOT NULL,
	"eol_kg" double precision NOT NULL,
	"location" text,
	"acquired_on" text,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "carbon_profiles" (
	"company_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"profile" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "companies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"region" text,
	"nace_code" text NOT NULL,
	"employees" integer,
	"turnover_eur" double precision,
	"balance_sheet_eur" double precision,
	"founded_year" integer,
	"description" text,
	"website" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grants" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "grants_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"funder" text NOT NULL,
	"funder_type" text NOT NULL,
	"countries" text[] NOT NULL,
	"also_open_to" text[] NOT NULL,
	"regions" text[] NOT NULL,
	"funding_type" text NOT NULL,
	"topics" text[] NOT NULL,
	"eligible_company_sizes" text[] NOT NULL,
	"eligible_nace" text[] NOT NULL,
	"excluded_nace" text[] NOT NULL,
	"min_amount_eur" double precision,
	"max_amount_eur" double precision,
	"amount_local" jsonb,
	"funding_rate_pct" double precision,
	"opens_at" date,
	"closes_at" date,
	"status" text NOT NULL,
	"status_as_of" text,
	"url" text NOT NULL,
	"summary" text NOT NULL,
	"eligibility_notes" text NOT NULL,
	"source_confidence" text NOT NULL,
	"source_urls" text[] NOT NULL,
	"archived_at" timestamp with time zone,
	"search" "tsvector",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "match_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"include_ineligible" boolean NOT NULL,
	"match_ids" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "matches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"grant_id" integer NOT NULL,
	"score" double precision NOT NULL,
	"eligible" boolean NOT NULL,
	"eligibility" text NOT NULL,
	"matched_criteria" jsonb NOT NULL,
	"failed_criteria" jsonb NOT NULL,
	"unknown_criteria" jsonb NOT NULL,
	"explanation" text NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"last_run_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalogue_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dataset_version" text NOT NULL,
	"source" text NOT NULL,
	"imported" integer NOT NULL,
	"unchanged" integer NOT NULL,
	"rejected" integer NOT NULL,
	"report" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid,
	"source_key" text NOT NULL,
	"brand" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"mpn" text,
	"gtin" text,
	"record" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"dataset_version" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "carbon_profiles" ADD CONSTRAINT "carbon_profiles_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assets_tenant_category_idx" ON "assets" USING btree ("tenant_id","category");--> statement-breakpoint
CREATE INDEX "assets_tenant_created_idx" ON "assets" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "companies_tenant_idx" ON "companies" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "grants_slug_unique" ON "grants" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "grants_search_idx" ON "grants" USING gin ("search");--> statement-breakpoint
CREATE INDEX "grants_countries_idx" ON "grants" USING gin ("countries");--> statement-breakpoint
CREATE INDEX "grants_topics_idx" ON "grants" USING gin ("topics");--> statement-breakpoint
CREATE INDEX "grants_closes_idx" ON "grants" USING btree ("closes_at");--> statement-breakpoint
CREATE INDEX "match_runs_company_idx" ON "match_runs" USING btree ("tenant_id","company_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "matches_company_grant_unique" ON "matches" USING btree ("tenant_id","company_id","grant_id");--> statement-breakpoint
CREATE INDEX "matches_company_idx" ON "matches" USING btree ("tenant_id","company_id","score");--> statement-breakpoint
CREATE UNIQUE INDEX "products_scope_key_unique" ON "products" USING btree (coalesce("tenant_id", '00000000-0000-0000-0000-000000000000'::uuid),"source_key");--> statement-breakpoint
CREATE INDEX "products_tenant_idx" ON "products" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "products_mpn_idx" ON "products" USING btree ("mpn");--> statement-breakpoint
CREATE INDEX "products_gtin_idx" ON "products" USING btree ("gtin");--> statement-breakpoint
-- Tenants read the global catalogue (tenant_id null) besides their own private products;
-- writes stay confined to their own rows by the tenant policy's WITH CHECK.
SELECT app_enable_tenant_rls('products');
--> statement-breakpoint
CREATE POLICY global_read ON "products" AS PERMISSIVE FOR SELECT TO app_user USING ("tenant_id" IS NULL);
--> statement-breakpoint
COMMENT ON TABLE "catalogue_imports" IS 'system-only';
--> statement-breakpoint
COMMENT ON TABLE "grants" IS 'system-write';
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- Title weighs most, then summary, then eligibility notes; the 'simple' part keeps proper names
-- and non-English words (funders, "Wärmepumpe") findable without English stemming.
CREATE OR REPLACE FUNCTION grants_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search :=
    setweight(to_tsvector('english', unaccent(coalesce(NEW.title, ''))), 'A') ||
    setweight(to_tsvector('english', unaccent(coalesce(NEW.summary, ''))), 'B') ||
    setweight(to_tsvector('english', unaccent(coalesce(NEW.eligibility_notes, ''))), 'C') ||
    setweight(to_tsvector('simple', unaccent(coalesce(NEW.title, '') || ' ' || coalesce(NEW.funder, ''))), 'D');
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER grants_search_trigger BEFORE INSERT OR UPDATE ON "grants"
  FOR EACH ROW EXECUTE FUNCTION grants_search_update();
