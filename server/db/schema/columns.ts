import { sql } from 'drizzle-orm';
import { check, timestamp } from 'drizzle-orm/pg-core';

/** `created_at`, set by the database: every table that records when something happened. */
export const createdAt = () =>
  timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

const literals = (values: readonly string[]) =>
  values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ');

/**
 * A CHECK that a text column holds one of the values of an enum in common/ (NULL passes, for
 * optional columns): the database enforces what the API and the web app agree on.
 */
export const oneOf = (table: string, column: string, values: readonly string[]) =>
  check(`${table}_${column}_check`, sql.raw(`"${column}" IN (${literals(values)})`));

/** A CHECK that every element of a text[] column is one of an enum's values. */
export const allOf = (table: string, column: string, values: readonly string[]) =>
  check(`${table}_${column}_check`, sql.raw(`"${column}" <@ ARRAY[${literals(values)}]::text[]`));
