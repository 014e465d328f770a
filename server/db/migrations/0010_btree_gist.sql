-- Lets a GiST index lead with a group id before a place (nearest helpers within one group).
CREATE EXTENSION IF NOT EXISTS btree_gist;
