// Groups in and out of open formats: CSV, JSON and GeoJSON, with the same column names.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { TGroupSummary } from '../../../common/groups.ts';
import { badRequest } from '../../http/errors.ts';

export const COLUMNS = [
  'name',
  'description',
  'location_name',
  'latitude',
  'longitude',
  'website',
  'facebook',
  'email',
  'phone',
  'external_id',
] as const;
export type TColumn = (typeof COLUMNS)[number];

/** Spellings people use for each column, after lower-casing and turning spaces into "_". */
const ALIASES: Record<string, TColumn> = {
  name: 'name',
  group: 'name',
  group_name: 'name',
  title: 'name',
  description: 'description',
  about: 'description',
  location_name: 'location_name',
  locationname: 'location_name',
  location: 'location_name',
  place: 'location_name',
  area: 'location_name',
  latitude: 'latitude',
  lat: 'latitude',
  longitude: 'longitude',
  lng: 'longitude',
  lon: 'longitude',
  long: 'longitude',
  website: 'website',
  url: 'website',
  web: 'website',
  facebook: 'facebook',
  facebook_url: 'facebook',
  facebookurl: 'facebook',
  facebook_link: 'facebook',
  email: 'email',
  e_mail: 'email',
  phone: 'phone',
  telephone: 'phone',
  phone_number: 'phone',
  external_id: 'external_id',
  externalid: 'external_id',
  id: 'external_id',
};

export type RawRow = { row: number; values: Partial<Record<TColumn, unknown>> };
export type ImportFormat = 'csv' | 'json' | 'geojson';

function canonical(record: Record<string, unknown>): Partial<Record<TColumn, unknown>> {
  const values: Partial<Record<TColumn, unknown>> = {};
  for (const [key, value] of Object.entries(record)) {
    const column =
      ALIASES[
        key
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_')
      ];
    if (column && values[column] === undefined) values[column] = value;
  }
  return values;
}

/** The format from the file's name, else from its first character. */
export function detectFormat(content: string, fileName?: string): ImportFormat {
  const lower = fileName?.toLowerCase() ?? '';
  if (lower.endsWith('.geojson')) return 'geojson';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  const start = content.trimStart()[0];
  if (start === '[') return 'json';
  if (start === '{') return content.includes('"FeatureCollection"') ? 'geojson' : 'json';
  return 'csv';
}

const unreadable = (format: string, reason: string) =>
  badRequest('unreadable-file', `The file could not be read as ${format}: ${reason}`, [
    { field: 'content', code: 'unreadable', message: reason },
  ]);

/**
 * Rows numbered as a person would find them: for CSV the spreadsheet row (the header is
 * row 1), for JSON and GeoJSON the position in the list, from 1.
 */
export function parseRows(content: string, format: ImportFormat): RawRow[] {
  if (format === 'csv') {
    let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
    try {
      records = parse(content.replace(/^\uFEFF/, ''), {
        columns: true,
        skip_empty_lines: true,
        relax_column_count: true,
        trim: true,
        info: true,
      });
    } catch (error) {
      const line = (error as { lines?: number }).lines;
      throw unreadable(
        'CSV',
        line ? `check line ${line} (an unclosed quote?).` : 'it is not valid CSV.',
      );
    }
    return records.map(({ record, info }) => ({ row: info.lines, values: canonical(record) }));
  }
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch {
    throw unreadable(format === 'json' ? 'JSON' : 'GeoJSON', 'it is not valid JSON.');
  }
  if (format === 'geojson' || (data as { type?: unknown })?.type === 'FeatureCollection') {
    const features = (data as { features?: unknown }).features;
    if (!Array.isArray(features)) throw unreadable('GeoJSON', 'it has no "features" list.');
    return features.map((feature, i) => {
      const f = feature as { properties?: Record<string, unknown>; geometry?: unknown } | null;
      const values = canonical(f?.properties ?? {});
      const geometry = f?.geometry as { type?: string; coordinates?: unknown } | null | undefined;
      if (geometry?.type === 'Point' && Array.isArray(geometry.coordinates)) {
        values.longitude = geometry.coordinates[0];
        values.latitude = geometry.coordinates[1];
      }
      return { row: i + 1, values };
    });
  }
  const list = Array.isArray(data) ? data : (data as { groups?: unknown })?.groups;
  if (!Array.isArray(list)) throw unreadable('JSON', 'expected a list of groups.');
  return list.map((item, i) => ({
    row: i + 1,
    values: item && typeof item === 'object' ? canonical(item as Record<string, unknown>) : {},
  }));
}

function exportRow(group: TGroupSummary) {
  return {
    name: group.name,
    description: group.description,
    location_name: group.locationName,
    latitude: group.centre.latitude,
    longitude: group.centre.longitude,
    website: group.website ?? '',
    facebook: group.facebookUrl ?? '',
    email: group.email ?? '',
    phone: group.phone ?? '',
    external_id: group.externalId ?? '',
  };
}

/** CSV with the import's columns (so an export can be imported elsewhere), plus slug, link and distance. */
export function toCsv(groups: TGroupSummary[]) {
  return stringify(
    groups.map((group) => ({
      ...exportRow(group),
      slug: group.slug,
      kind: group.kind,
      url: group.links.web,
      distance_km: group.distanceKm ?? '',
    })),
    { header: true, columns: [...COLUMNS, 'slug', 'kind', 'url', 'distance_km'] },
  );
}

export function toGeoJson(groups: TGroupSummary[]) {
  return {
    type: 'FeatureCollection' as const,
    features: groups.map((group) => ({
      type: 'Feature' as const,
      id: group.slug,
      geometry: {
        type: 'Point' as const,
        coordinates: [group.centre.longitude, group.centre.latitude] as [number, number],
      },
      properties: {
        ...exportRow(group),
        slug: group.slug,
        kind: group.kind,
        radius_km: group.radiusKm,
        distance_km: group.distanceKm,
        join_policy: group.joinPolicy,
        languages: group.languages,
        categories: group.categories,
        url: group.links.web,
        api: group.links.self,
      },
    })),
  };
}
