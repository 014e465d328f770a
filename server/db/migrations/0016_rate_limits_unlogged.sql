-- Rate-limit counters need no crash safety: a crash empties an unlogged table, and a lost count
-- only lets someone try again. Unlogged tables write no WAL, so a request's count commits without
-- waiting for the disk, and a write request pays for one flush (its own), not two.
ALTER TABLE "rate_limits" SET UNLOGGED;
