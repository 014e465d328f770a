-- Full-text search that works for any language: the 'simple' configuration with accents
-- removed. unaccent() is only STABLE (it reads a dictionary), so a generated column needs an
-- IMMUTABLE wrapper that names the dictionary explicitly.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE OR REPLACE FUNCTION kindred_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN public.unaccent('public.unaccent'::regdictionary, $1);
