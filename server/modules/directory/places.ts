import type { FastifyBaseLogger } from 'fastify';
import type { TPlace } from '../../../common/groups.ts';
import type { Config } from '../../config.ts';
import { describeError } from '../../log.ts';
import { searchPlaces } from './gazetteer.ts';

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
  const key = `${locale}|${query.toLowerCase()}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const found = await geocode(config, log, query, locale);
  cache.set(key, found);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return found;
}

/**
 * Place names from the offline gazetteer; postcodes and addresses (anything with a digit),
 * or names the gazetteer does not know, from the geocoder.
 */
export async function findPlaces(
  deps: { config: Pick<Config, 'geocoderUrl'>; log: FastifyBaseLogger },
  options: { query: string; locale: string },
): Promise<TPlace[]> {
  const offline = searchPlaces(options.query, { locale: options.locale }).map(
    (place): TPlace => ({
      name: place.name,
      detail: place.country,
      latitude: place.latitude,
      longitude: place.longitude,
      source: 'gazetteer',
    }),
  );
  const needsGeocoder = /\d/.test(options.query) || offline.length === 0;
  const online = needsGeocoder
    ? await geocodeCached(deps.config, deps.log, options.query, options.locale)
    : [];
  return [...offline, ...online];
}
