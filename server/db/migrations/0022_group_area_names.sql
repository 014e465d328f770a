-- The neighbourhoods and places a group covers, public like its centre: the place search finds
-- a group by them with no geocoder.
ALTER TABLE "groups" ADD COLUMN "area_names" text[] DEFAULT '{}'::text[] NOT NULL;