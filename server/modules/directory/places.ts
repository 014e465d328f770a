import type { FastifyBaseLogger } from 'fastify';
import type { TPlace, TPlaceList } from '../../../common/groups.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { describeError } from '../../log.ts';
import { fold, searchPlaces } from './gazetteer.ts';
import { type AreaCandidate, findAreaCandidates } from './store.ts';

type NominatimResult = { lat?: string; lon?: string; display_name?: string; name?: string };

const GEOCODER_TIMEOUT_MS = 4000;

/**
 * Postcodes and addresses from a Nominatim-compatible service (GEOCODER_URL). The server asks
 * on the person's behalf, so the service never sees their IP address. A slow or failing
 * service yields nothing rather than an error: the gazetteer still answers.
 */
async function geocode(
  config: Pick<Config, 'geocoderUrl'>,
  log: FastifyBaseLogger,
  query: string,
  locale: string,
): Promise<TPlace[]> {
  if (!config.geocoderUrl) return [];
  const url = new URL(
    'search',
    config.geocoderUrl.endsWith('/') ? config.geocoderUrl : `${config.geocoderUrl}/`,
  );
  url.searchParams.set('q', query);
  url.searchParams.set('format', 'jsonv2');
  url.searchParams.set('limit', '5');
  url.searchParams.set('accept-language', locale);
  try {
    const response = await fetch(url, {
      headers: { 'user-agent': 'Kindred (mutual aid groups)', accept: 'application/json' },
      signal: AbortSignal.timeout(GEOCODER_TIMEOUT_MS),
    });
    if (!response.ok) {
      log.warn({ status: response.status }, 'geocoder answered with an error');
      return [];
    }
    const results = (await response.json()) as NominatimResult[];
    if (!Array.isArray(results)) return [];
    return results.flatMap((result) => {
      const latitude = Number(result.lat);
      const longitude = Number(result.lon);
      if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return [];
      if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return [];
      const full = String(result.display_name ?? '').slice(0, 300);
      const name = String(result.name || full.split(',')[0] || query).slice(0, 200);
      return [
        {
          name,
          detail: full.startsWith(name) ? full.slice(name.length).replace(/^,\s*/, '') : full,
          latitude,
          longitude,
          source: 'geocoder' as const,
        },
      ];
    });
  } catch (error) {
    log.warn({ error: describeError(error) }, 'geocoder did not answer');
    return [];
  }
}

// Public geocoders ask for light use and caching (Nominatim: one request a second at most).
const CACHE_SIZE = 500;
const cache = new Map<string, TPlace[]>();

async function geocodeCached(
  config: Pick<Config, 'geocoderUrl'>,
  log: FastifyBaseLogger,
  query: string,
  locale: string,
) {
  if (!config.geocoderUrl) return [];
  const key = `${config.geocoderUrl}|${locale}|${query.toLowerCase()}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const found = await geocode(config, log, query, locale);
  cache.set(key, found);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return found;
}

/** How many of the directory's own places (area and group names) come first. */
const LOCAL_PLACES = 5;

/** The places a listed group can be found by: its area names, its place name, its own name. */
export function localPlaces(candidates: AreaCandidate[], prefix: string): TPlace[] {
  return candidates.flatMap((group) => {
    const centre = { latitude: group.latitude, longitude: group.longitude };
    const where = group.locationName.split(',')[0]!.trim();
    const areas = [where, ...group.areaNames]
      .filter((name) => name && fold(name).startsWith(prefix))
      .map((name): TPlace => ({ name, detail: group.name, ...centre, source: 'area' }));
    const named = ` ${fold(group.name)}`.includes(` ${prefix}`)
      ? [{ name: group.name, detail: group.locationName, ...centre, source: 'group' as const }]
      : [];
    return [...areas, ...named];
  });
}

/** The first of each name and detail (ignoring case and accents), in order. */
function once(places: TPlace[]) {
  const seen = new Set<string>();
  return places.filter((place) => {
    const key = `${fold(place.name)}|${fold(place.detail)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Neighbourhoods the directory knows (listed groups' area names), place names from the offline
 * gazetteer, then groups by name; postcodes and addresses (anything with a digit), or
 * names neither knows, from the geocoder. Each name and detail once: two towns of one name in
 * one country read the same, so only the larger is offered.
 */
export async function findPlaces(
  deps: { config: Pick<Config, 'geocoderUrl'>; log: FastifyBaseLogger; db: Db },
  options: { query: string; locale: string },
): Promise<TPlaceList> {
  const prefix = fold(options.query.split(',')[0] ?? '');
  const local =
    prefix.length >= 2
      ? localPlaces(await findAreaCandidates(deps.db, prefix, LOCAL_PLACES * 2), prefix).slice(
          0,
          LOCAL_PLACES,
        )
      : [];
  const offline = searchPlaces(options.query, { locale: options.locale }).map(
    (place): TPlace => ({
      name: place.name,
      detail: place.country,
      latitude: place.latitude,
      longitude: place.longitude,
      source: 'gazetteer',
    }),
  );
  const looksLikePostcode = /\d/.test(options.query);
  const needsGeocoder = looksLikePostcode || (offline.length === 0 && local.length === 0);
  const online = needsGeocoder
    ? await geocodeCached(deps.config, deps.log, options.query, options.locale)
    : [];
  // A neighbourhood first, then the world's places, then groups by name.
  const areas = local.filter((place) => place.source === 'area');
  const named = local.filter((place) => place.source === 'group');
  return {
    items: once([...areas, ...offline, ...named, ...online]),
    hint: looksLikePostcode && !deps.config.geocoderUrl ? 'postcode-needs-geocoder' : null,
  };
}
