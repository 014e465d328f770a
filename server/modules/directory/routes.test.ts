import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, useTestApp } from '../../../test/support/app.ts';
import { addMember, makeGroup, makeUser, signIn } from '../../../test/support/factories.ts';

let nominatim: http.Server;
let nominatimPort = 0;
let nominatimQueries: string[] = [];

beforeAll(async () => {
  // A stand-in for a Nominatim-compatible geocoder (an outside service, not ours).
  nominatim = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    nominatimQueries.push(url.searchParams.get('q') ?? '');
    response.setHeader('content-type', 'application/json');
    if (url.searchParams.get('q') === 'V8W 1P6') {
      response.end(
        JSON.stringify([
          {
            lat: '48.4262',
            lon: '-123.3599',
            display_name: 'V8W 1P6, Victoria, BC, Canada',
            name: 'V8W 1P6',
          },
        ]),
      );
    } else response.end('[]');
  });
  await new Promise<void>((resolve) => nominatim.listen(0, '127.0.0.1', resolve));
  nominatimPort = (nominatim.address() as AddressInfo).port;
});
afterAll(() => {
  nominatim.close();
});
const t = useTestApp(() => ({ GEOCODER_URL: `http://127.0.0.1:${nominatimPort}/` }));

// Three groups around Victoria, BC and one in Montréal, each with a unique word to search by.
async function victoriaGroups(word: string) {
  const owner = await makeUser(t.deps);
  const at = (name: string, latitude: number, longitude: number, extra = {}) =>
    makeGroup(t.deps, {
      owner,
      name: `${word} ${name}`,
      centre: { latitude, longitude },
      ...extra,
    }).then(({ group }) => group);
  return {
    owner,
    fernwood: await at('Fernwood', 48.4295, -123.3425),
    saanich: await at('Saanich', 48.484, -123.381),
    sooke: await at('Sooke', 48.374, -123.726, { visibility: 'listed' }),
    montreal: await at('Montréal', 45.5088, -73.5878),
    hidden: await at('Hidden', 48.43, -123.343, { visibility: 'hidden' }),
  };
}

describe('the public directory', () => {
  it('lists public and listed groups nearest first, each with its distance, for anyone', async () => {
    const g = await victoriaGroups('Zinnia');
    const response = await t.request({ url: '/api/v1/groups?near=48.4284,-123.3656&q=zinnia' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const items = response.json().items;
    expect(items.map((i: { slug: string }) => i.slug)).toEqual([
      g.fernwood.slug,
      g.saanich.slug,
      g.sooke.slug,
      g.montreal.slug,
    ]);
    expect(items[0].distanceKm).toBeCloseTo(1.7, 0);
    expect(items[3].distanceKm).toBeGreaterThan(3600);
    expect(items[0]).toMatchObject({
      centre: { latitude: 48.4295, longitude: -123.3425 },
      links: {
        self: `http://localhost:3000/api/v1/groups/${g.fernwood.slug}`,
        web: `http://localhost:3000/groups/${g.fernwood.slug}`,
      },
    });
  });

  it('limits by radius and pages with a cursor', async () => {
    const g = await victoriaGroups('Yarrow');
    const within = await t.request({
      url: '/api/v1/groups?near=48.4284,-123.3656&radius=10&q=yarrow',
    });
    expect(within.json().items.map((i: { slug: string }) => i.slug)).toEqual([
      g.fernwood.slug,
      g.saanich.slug,
    ]);
    const first = await t.request({
      url: '/api/v1/groups?near=48.4284,-123.3656&q=yarrow&limit=2',
    });
    expect(first.json().items).toHaveLength(2);
    const second = await t.request({
      url: `/api/v1/groups?near=48.4284,-123.3656&q=yarrow&limit=2&cursor=${first.json().nextCursor}`,
    });
    expect(second.json().items.map((i: { slug: string }) => i.slug)).toEqual([
      g.sooke.slug,
      g.montreal.slug,
    ]);
    expect(second.json().nextCursor).toBeNull();
  });

  it('pages groups that share a centre in a stable order, each once', async () => {
    const owner = await makeUser(t.deps);
    const at = async (name: string, latitude: number, longitude: number) =>
      (await makeGroup(t.deps, { owner, name: `Tansy ${name}`, centre: { latitude, longitude } }))
        .group;
    const closest = await at('closest', 48.4285, -123.3657);
    const shared = [];
    for (const name of ['a', 'b', 'c', 'd', 'e']) shared.push(await at(name, 48.43, -123.35));
    const farthest = await at('farthest', 48.5, -123.4);
    const slugs: string[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const response = await t.request({
        url: `/api/v1/groups?near=48.4284,-123.3656&q=tansy&limit=2${cursor}`,
      });
      expect(response.statusCode).toBe(200);
      slugs.push(...response.json().items.map((i: { slug: string }) => i.slug));
      if (!response.json().nextCursor) break;
      cursor = `&cursor=${response.json().nextCursor}`;
    }
    const byId = [...shared].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(slugs).toEqual([closest.slug, ...byId.map((g) => g.slug), farthest.slug]);
  });

  it('says which parameter is wrong (400)', async () => {
    for (const [query, field] of [
      ['near=200,10', 'near'],
      ['near=abc', 'near'],
      ['limit=0', 'limit'],
      ['radius=-5', 'radius'],
    ]) {
      const response = await t.request({ url: `/api/v1/groups?${query}` });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }
  });

  it('is also GeoJSON and CSV, and answers a CORS preflight', async () => {
    const g = await victoriaGroups('Xeranthemum');
    const geo = await t.request({
      url: '/api/v1/groups.geojson?near=48.4284,-123.3656&q=xeranthemum',
    });
    expect(geo.headers['content-type']).toContain('application/geo+json');
    const collection = geo.json();
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features[0]).toMatchObject({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [-123.3425, 48.4295] },
      properties: { name: g.fernwood.name, slug: g.fernwood.slug },
    });
    const csv = await t.request({ url: '/api/v1/groups.csv?q=xeranthemum' });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'name,description,location_name,latitude,longitude,website,facebook,email,phone,external_id,slug,kind,url,distance_km',
    );
    expect(lines).toHaveLength(5);
    const preflight = await t.request({
      method: 'OPTIONS',
      url: '/api/v1/groups',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
  });

  it('filters by network', async () => {
    const network = await makeGroup(t.deps, { template: 'network' });
    const inside = await makeGroup(t.deps, {
      owner: network.owner,
      parentSlug: network.group.slug,
    });
    await makeGroup(t.deps);
    const response = await t.request({ url: `/api/v1/groups?network=${network.group.slug}` });
    expect(response.json().items.map((i: { slug: string }) => i.slug)).toEqual([inside.group.slug]);
  });
});

describe('finding a place', () => {
  it('finds place names offline, most populous first', async () => {
    const response = await t.request({ url: '/api/v1/places?q=Victoria' });
    expect(response.statusCode).toBe(200);
    const [first] = response.json().items;
    expect(first).toMatchObject({ name: 'Victoria', detail: 'Canada', source: 'gazetteer' });
    expect(first.latitude).toBeCloseTo(48.43, 1);
    const french = await t.request({ url: '/api/v1/places?q=Montreal,%20Canada&locale=fr' });
    expect(french.json().items[0]).toMatchObject({ name: 'Montréal', detail: 'Canada' });
  });

  it('asks the configured geocoder for postcodes and addresses, once per query', async () => {
    nominatimQueries = [];
    await t.request({ url: '/api/v1/places?q=Victoria' });
    expect(nominatimQueries).toEqual([]);
    const response = await t.request({ url: '/api/v1/places?q=V8W%201P6' });
    await t.request({ url: '/api/v1/places?q=V8W%201P6' });
    expect(nominatimQueries).toEqual(['V8W 1P6']);
    expect(response.json().items).toContainEqual({
      name: 'V8W 1P6',
      detail: 'Victoria, BC, Canada',
      latitude: 48.4262,
      longitude: -123.3599,
      source: 'geocoder',
    });
  });

  it('still answers from the gazetteer when the geocoder is down', async () => {
    const offline = await createTestApp({ GEOCODER_URL: 'http://127.0.0.1:9/' });
    try {
      const postcode = await offline.request({ url: '/api/v1/places?q=SW1A%201AA' });
      expect(postcode.statusCode).toBe(200);
      expect(postcode.json().items).toEqual([]);
      expect(offline.logs.join('')).toContain('geocoder did not answer');
      const response = await offline.request({ url: '/api/v1/places?q=Victoria' });
      expect(response.statusCode).toBe(200);
      expect(response.json().items[0].name).toBe('Victoria');
    } finally {
      await offline.close();
    }
  });

  it("finds listed groups' neighbourhoods and names offline, before the world's places", async () => {
    const owner = await makeUser(t.deps);
    const centre = { latitude: 48.4318, longitude: -123.347 };
    const { group } = await makeGroup(t.deps, {
      owner,
      name: 'Quillmere Neighbours',
      locationName: 'Brackwood, Victoria',
      areaNames: ['Saint-Éloi-des-Quillmere', 'Oaklands'],
      centre,
    });
    // What nobody may know of, and a group still waiting to be listed, name no place.
    await makeGroup(t.deps, { owner, name: 'Quillmere Hidden', visibility: 'hidden' });
    await makeGroup(t.deps, { owner, name: 'Quillmere Waiting', isListed: false });
    const places = async (q: string) =>
      (await t.request({ url: `/api/v1/places?${new URLSearchParams({ q })}` })).json();

    expect((await places('saint eloi')).items[0]).toEqual({
      name: 'Saint-Éloi-des-Quillmere',
      detail: 'Quillmere Neighbours',
      ...centre,
      source: 'area',
    });
    expect((await places('Brackw')).items[0]).toMatchObject({
      name: 'Brackwood',
      detail: group.name,
      source: 'area',
    });
    const byName = await places('neighbours quill');
    expect(byName.items).toEqual([]);
    const named = (await places('Quillmere')).items;
    expect(named).toEqual([
      { name: 'Quillmere Neighbours', detail: 'Brackwood, Victoria', ...centre, source: 'group' },
    ]);
    // A neighbourhood the gazetteer also knows comes first from the group, then the world's.
    const oaklands = (await places('Oaklands')).items;
    expect(oaklands[0]).toMatchObject({ name: 'Oaklands', detail: 'Quillmere Neighbours' });
    expect(
      oaklands.slice(1).every((place: { source: string }) => place.source === 'gazetteer'),
    ).toBe(true);

    // Area names are settings like any other: checked, and kept once each.
    const cookie = await signIn(t.deps, owner);
    const update = (areaNames: unknown) =>
      t.request({
        method: 'PATCH',
        url: `/api/v1/groups/${group.slug}`,
        cookie,
        payload: { areaNames },
      });
    const tooMany = await update(Array.from({ length: 31 }, (_, i) => `Place ${i}`));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].field).toBe('areaNames');
    expect((await update(['x'])).json().errors[0].field).toBe('areaNames.0');
    const kept = await update(['North Park', 'north park', 'Oaklands']);
    expect(kept.statusCode).toBe(200);
    expect(kept.json().areaNames).toEqual(['North Park', 'Oaklands']);
  });

  it('names each place once: two towns of one name in one country read the same', async () => {
    const items: Array<{ name: string; detail: string }> = (
      await t.request({ url: '/api/v1/places?q=Victoria' })
    ).json().items;
    const labels = items.map((place) => `${place.name}, ${place.detail}`);
    expect(labels).toContain('Victoria, Philippines');
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('says a postcode needs a geocoder when this Kindred has none', async () => {
    const bare = await createTestApp();
    try {
      const postcode = await bare.request({ url: '/api/v1/places?q=V8W%201P6' });
      expect(postcode.json(), postcode.body).toEqual({
        items: [],
        hint: 'postcode-needs-geocoder',
      });
      const town = await bare.request({ url: '/api/v1/places?q=Victoria' });
      expect(town.json().hint).toBeNull();
    } finally {
      await bare.close();
    }
    // With a geocoder, no such word.
    expect((await t.request({ url: '/api/v1/places?q=V8W%201P6' })).json().hint).toBeNull();
  });

  it('is rate-limited per address (429 with Retry-After)', async () => {
    const ip = '203.0.113.77';
    let last = await t.request({ url: '/api/v1/places?q=Leeds', remoteAddress: ip });
    for (let i = 0; i < 60 && last.statusCode === 200; i++) {
      last = await t.request({ url: '/api/v1/places?q=Leeds', remoteAddress: ip });
    }
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('needs two letters (400 naming q)', async () => {
    const response = await t.request({ url: '/api/v1/places?q=V' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('q');
  });
});

const CSV = [
  'name,description,location_name,latitude,longitude,website,facebook,email,phone,external_id',
  'Oak Bay Mutual Aid,Help in Oak Bay,Oak Bay,48.4265,-123.3168,https://oakbay.example,,hello@oakbay.example,,ob-1',
  'No Latitude Group,,Nowhere,,-123.3,,,,,nl-1',
  'Esquimalt Neighbours,,Esquimalt,48.4322,-123.4143,javascript:alert(1),,,,es-1',
  'Langford Helpers,,Langford,48.4474,-123.4956,,https://facebook.com/groups/langford,,+1 250 555 0199,',
  'Broken Email,,Colwood,48.42,-123.48,,,not-an-email,,be-1',
].join('\n');

describe('importing groups', () => {
  it('puts good rows in, reports each bad row by row, field and reason, and updates on re-import', async () => {
    const admin = await makeUser(t.deps, { isAdmin: true });
    const cookie = await signIn(t.deps, admin);
    const run = (content: string, dryRun = false) =>
      t.request({
        method: 'POST',
        url: '/api/v1/groups/import',
        cookie,
        payload: { content, fileName: 'groups.csv', dryRun },
      });

    const dry = await run(CSV, true);
    expect(dry.json()).toMatchObject({ total: 5, created: 2, failed: 3, dryRun: true });
    expect((await t.request({ url: '/api/v1/groups?q=oak%20bay%20mutual' })).json().items).toEqual(
      [],
    );

    const first = await run(CSV);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ total: 5, created: 2, updated: 0, failed: 3 });
    expect(first.json().errors).toEqual([
      { row: 3, field: 'latitude', reason: 'The latitude is missing.' },
      { row: 4, field: 'website', reason: 'Enter a web address starting with https://.' },
      { row: 6, field: 'email', reason: 'Enter an email address like name@example.org.' },
    ]);
    const found = (await t.request({ url: '/api/v1/groups?q=oak%20bay%20mutual' })).json().items;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      name: 'Oak Bay Mutual Aid',
      externalId: 'ob-1',
      website: 'https://oakbay.example',
      visibility: 'listed',
      joinPolicy: 'invite',
    });

    const again = await run(CSV);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const changed = await run(
      CSV.replace('Help in Oak Bay', 'Help across Oak Bay').replace(
        '+1 250 555 0199',
        '+1 250 555 0123',
      ),
    );
    expect(changed.json()).toMatchObject({ created: 0, updated: 2, unchanged: 0 });
    expect(
      (await t.request({ url: '/api/v1/groups?q=oak%20bay%20mutual' })).json().items,
    ).toHaveLength(1);
  });

  it('reads JSON and GeoJSON with the same fields', async () => {
    const admin = await makeUser(t.deps, { isAdmin: true });
    const cookie = await signIn(t.deps, admin);
    const json = await t.request({
      method: 'POST',
      url: '/api/v1/groups/import',
      cookie,
      payload: {
        content: JSON.stringify([
          { name: 'Quartz JSON Group', latitude: 51.5, longitude: -0.12, externalId: 'j-1' },
        ]),
      },
    });
    expect(json.json()).toMatchObject({ created: 1, failed: 0 });
    const geojson = await t.request({
      method: 'POST',
      url: '/api/v1/groups/import',
      cookie,
      payload: {
        fileName: 'groups.geojson',
        content: JSON.stringify({
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              geometry: { type: 'Point', coordinates: [2.35, 48.85] },
              properties: { name: 'Quartz Paris', location_name: 'Paris', external_id: 'g-1' },
            },
            { type: 'Feature', geometry: null, properties: { name: 'Quartz Nowhere' } },
          ],
        }),
      },
    });
    expect(geojson.json()).toMatchObject({ created: 1, failed: 1 });
    expect(geojson.json().errors[0]).toMatchObject({ row: 2, field: 'latitude' });
    const bad = await t.request({
      method: 'POST',
      url: '/api/v1/groups/import',
      cookie,
      payload: { content: '{"not json', fileName: 'x.json' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'unreadable-file', errors: [{ field: 'content' }] });
  });

  it('streams progress lines, then the report, when asked for NDJSON', async () => {
    const admin = await makeUser(t.deps, { isAdmin: true });
    const rows = ['name,latitude,longitude,external_id'];
    for (let i = 0; i < 1200; i++)
      rows.push(`Stream group ${i},${45 + i / 1000},${-73 - i / 1000},s-${i}`);
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/groups/import',
      cookie: await signIn(t.deps, admin),
      headers: { accept: 'application/x-ndjson' },
      payload: { content: rows.join('\n') },
    });
    expect(response.headers['content-type']).toContain('application/x-ndjson');
    const lines = response.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.filter((l) => l.type === 'progress').map((l) => l.done)).toEqual([
      0, 500, 1000, 1200,
    ]);
    expect(lines.at(-1)).toMatchObject({ type: 'report', report: { created: 1200, total: 1200 } });
  });

  it('is for instance admins, or a network’s admins into that network', async () => {
    const someone = await makeUser(t.deps);
    const cookie = await signIn(t.deps, someone);
    const denied = await t.request({
      method: 'POST',
      url: '/api/v1/groups/import',
      cookie,
      payload: { content: CSV },
    });
    expect(denied.statusCode).toBe(403);
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/groups/import', payload: { content: CSV } }))
        .statusCode,
    ).toBe(401);

    const network = await makeGroup(t.deps, { template: 'network' });
    const member = await makeUser(t.deps);
    await addMember(t.deps, network.group, member);
    const asMember = await t.request({
      method: 'POST',
      url: '/api/v1/groups/import',
      cookie: await signIn(t.deps, member),
      payload: { content: CSV, network: network.group.slug },
    });
    expect(asMember.statusCode).toBe(403);
    const asNetworkAdmin = await t.request({
      method: 'POST',
      url: '/api/v1/groups/import',
      cookie: await signIn(t.deps, network.owner),
      payload: { content: CSV, network: network.group.slug },
    });
    expect(asNetworkAdmin.json()).toMatchObject({ created: 2 });
    const listed = await t.request({ url: `/api/v1/groups?network=${network.group.slug}` });
    expect(listed.json().items).toHaveLength(2);
  });
});
