ALTER TABLE "groups" ADD COLUMN "on_behalf_by" text DEFAULT 'members' NOT NULL;--> statement-breakpoint
ALTER TABLE "groups" ADD COLUMN "listed_at" timestamp with time zone DEFAULT now();--> statement-breakpoint
ALTER TABLE "groups" ADD COLUMN "listing_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_on_behalf_by_check" CHECK ("on_behalf_by" IN ('members', 'moderators'));