import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { slugify } from '../../../common/constants.ts';
import {
  ZContactEmail,
  ZGroupName,
  ZLatitude,
  ZLongitude,
  ZPhoneLine,
  ZWebLink,
} from '../../../common/groups.ts';
import type { Tx } from '../../db/client.ts';
import { groups } from '../../db/schema/index.ts';
import type { Deps } from '../../deps.ts';
import type { Group, NewGroup } from '../groups/types.ts';
import type { RawRow, TColumn } from './formats.ts';

export type RowError = { row: number; field: string; reason: string };
export type ImportReport = {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  dryRun: boolean;
  errors: RowError[];
};
export type Progress = { done: number; total: number };

const BATCH = 500;
const ERRORS_SHOWN = 1000;
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

const blankToNull = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
    ? null
    : value;
const toNumber = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? Number(value.trim().replace(',', '.')) : value;

const ZRow = z.object({
  name: ZGroupName,
  description: z.preprocess(blankToNull, z.string().trim().max(5000).nullable()),
  location_name: z.preprocess(blankToNull, z.string().trim().max(200).nullable()),
  latitude: z.preprocess(
    toNumber,
    z.number({ error: 'Enter a latitude such as 48.4284.' }).pipe(ZLatitude),
  ),
  longitude: z.preprocess(
    toNumber,
    z.number({ error: 'Enter a longitude such as -123.3656.' }).pipe(ZLongitude),
  ),
  website: z.preprocess(blankToNull, ZWebLink.nullable()),
  facebook: z.preprocess(blankToNull, ZWebLink.nullable()),
  email: z.preprocess(blankToNull, ZContactEmail.nullable()),
  phone: z.preprocess(blankToNull, ZPhoneLine.nullable()),
  external_id: z.preprocess(
    (value) => (typeof value === 'number' ? String(value) : blankToNull(value)),
    z.string().trim().max(200).nullable(),
  ),
});
type Row = z.infer<typeof ZRow>;

/** Every problem with a row, each naming its column, in the file's own words. */
export function validateRow(raw: RawRow): { row: Row } | { errors: RowError[] } {
  const values = { ...raw.values };
  if (typeof values.name !== 'string') values.name = values.name == null ? '' : String(values.name);
  const parsed = ZRow.safeParse(values);
  if (parsed.success) return { row: parsed.data };
  return {
    errors: parsed.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? 'row') as TColumn;
      const missing = raw.values[field] === undefined || raw.values[field] === '';
      return {
        row: raw.row,
        field,
        reason:
          missing && (field === 'name' || field === 'latitude' || field === 'longitude')
            ? `The ${field.replace('_', ' ')} is missing.`
            : issue.message,
      };
    }),
  };
}

/** Re-imports match by external id, else by name and position (to about 100 m). */
const nameKey = (name: string, latitude: number, longitude: number) =>
  `${name.trim().toLowerCase()}|${latitude.toFixed(3)}|${longitude.toFixed(3)}`;

function fields(row: Row): Partial<NewGroup> {
  return {
    name: row.name,
    description: row.description ?? '',
    locationName: row.location_name ?? '',
    latitude: row.latitude,
    longitude: row.longitude,
    website: row.website,
    facebookUrl: row.facebook,
    email: row.email,
    phone: row.phone,
    externalId: row.external_id,
  };
}

function isSame(group: Group, values: Partial<NewGroup>) {
  return (Object.keys(values) as Array<keyof NewGroup>).every(
    (key) => (group[key as keyof Group] ?? null) === (values[key] ?? null),
  );
}

class DryRunRollback extends Error {}

/**
 * Imports groups into the directory (under a network, or at the top level). Bad rows are
 * reported and skipped; good rows go in, a batch per transaction, so a large file shows
 * progress. A dry run does the same work and rolls every batch back.
 */
export async function importGroups(
  deps: Pick<Deps, 'db'>,
  options: {
    rows: RawRow[];
    networkId: string | null;
    importedBy: string | null;
    dryRun: boolean;
    onProgress?: (progress: Progress) => void | Promise<void>;
  },
): Promise<ImportReport> {
  const report: ImportReport = {
    total: options.rows.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    dryRun: options.dryRun,
    errors: [],
  };
  const valid: Array<{ line: number; row: Row }> = [];
  for (const raw of options.rows) {
    const result = validateRow(raw);
    if ('row' in result) valid.push({ line: raw.row, row: result.row });
    else {
      report.failed++;
      if (report.errors.length < ERRORS_SHOWN) report.errors.push(...result.errors);
    }
  }

  const scope = sql`coalesce(${groups.parentId}, ${ZERO_UUID}::uuid) = ${options.networkId ?? ZERO_UUID}::uuid`;
  const existing = await deps.db
    .select()
    .from(groups)
    .where(and(scope, isNotNull(groups.importedAt)));
  const byExternalId = new Map<string, Group>();
  const byName = new Map<string, Group>();
  const remember = (group: Group) => {
    if (group.externalId) byExternalId.set(group.externalId, group);
    byName.set(nameKey(group.name, group.latitude, group.longitude), group);
  };
  existing.forEach(remember);

  let done = report.failed;
  await options.onProgress?.({ done, total: report.total });
  for (let start = 0; start < valid.length; start += BATCH) {
    const batch = valid.slice(start, start + BATCH);
    const counts = { created: 0, updated: 0, unchanged: 0 };
    const touched: Group[] = [];
    try {
      await deps.db.transaction(async (tx) => {
        const taken = await takenSlugs(
          tx,
          batch.map(({ row }) => baseSlug(row.name)),
        );
        for (const { row } of batch) {
          const values = fields(row);
          const match =
            (row.external_id ? byExternalId.get(row.external_id) : undefined) ??
            (row.external_id
              ? undefined
              : byName.get(nameKey(row.name, row.latitude, row.longitude)));
          if (match && isSame(match, values)) {
            counts.unchanged++;
            continue;
          }
          if (match) {
            const [updated] = await tx
              .update(groups)
              .set({ ...values, importedAt: sql`now()`, updatedAt: sql`now()` })
              .where(eq(groups.id, match.id))
              .returning();
            touched.push(updated!);
            counts.updated++;
            continue;
          }
          const slug = freeSlug(baseSlug(row.name), taken);
          const [created] = await tx
            .insert(groups)
            .values({
              ...values,
              slug,
              kind: 'group',
              parentId: options.networkId,
              name: row.name,
              latitude: row.latitude,
              longitude: row.longitude,
              radiusKm: 5,
              // A directory entry for a group that organises elsewhere: visible, not joinable here.
              visibility: 'listed',
              joinPolicy: 'invite',
              importedAt: new Date(),
              createdBy: options.importedBy,
            })
            .returning();
          touched.push(created!);
          counts.created++;
        }
        if (options.dryRun) throw new DryRunRollback();
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    // Later rows of the same file update what earlier rows made (also in a dry run's counts).
    touched.forEach(remember);
    report.created += counts.created;
    report.updated += counts.updated;
    report.unchanged += counts.unchanged;
    done += batch.length;
    await options.onProgress?.({ done, total: report.total });
  }
  report.errors.sort((a, b) => a.row - b.row);
  return report;
}

function baseSlug(name: string) {
  const slug = slugify(name);
  return slug.length >= 3 ? slug : `group-${slug || 'x'}`.replace(/-x$/, '');
}

async function takenSlugs(tx: Tx, bases: string[]): Promise<Set<string>> {
  const unique = [...new Set(bases)];
  const { rows } = await tx.execute<{ slug: string }>(
    // Slugs hold no commas, so one text parameter carries the whole list.
    sql`SELECT slug FROM ${groups} WHERE slug LIKE ANY(string_to_array(${unique.map((base) => `${base}%`).join(',')}, ','))`,
  );
  return new Set(rows.map((row) => row.slug));
}

function freeSlug(base: string, taken: Set<string>) {
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base.slice(0, 54)}-${n}`;
  taken.add(slug);
  return slug;
}
