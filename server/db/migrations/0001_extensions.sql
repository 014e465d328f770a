-- Geography for the directory (nearest groups) and trigram search on names.
-- All three are "trusted" extensions, so a database owner without superuser can create them.
CREATE EXTENSION IF NOT EXISTS cube;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS earthdistance;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
