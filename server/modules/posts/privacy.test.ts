// SAFETY 2: no list, feed, search, post page, thread, export or email shows anyone's private
// details. Unique strings go into private records; every GET route the app registers is walked
// as every kind of reader who may not see them, and no response may contain any of them. A new
// GET route fails this test until it is walked here or excluded below with a reason.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/support/app.ts';
import {
  addMember,
  makeGroup,
  makePost,
  makeUser,
  signIn,
} from '../../../test/support/factories.ts';
import { type PushService, startPushService } from '../../../test/support/push-service.ts';
import { hashToken, newToken } from '../accounts/tokens.ts';
import { deliverNotifications } from '../notifications/delivery.ts';
import { ALLOWED_SUBJECTS } from '../notifications/emails.ts';

const uploads = await fs.mkdtemp(path.join(os.tmpdir(), 'kindred-privacy-'));
afterAll(() => fs.rm(uploads, { recursive: true, force: true }));
let push: PushService;
beforeAll(async () => {
  push = await startPushService();
});
afterAll(() => push.close());
const t = useTestApp(() => ({ UPLOADS_DIR: uploads, PUSH_SERVICE_HOSTS: push.host }));

/** GET routes not walked, and why. */
const NOT_WALKED: Record<string, string> = {
  '/api/v1/events':
    'a stream that never ends; its events carry no data (`data: {}`), only "look again"',
  '/api/docs/static/*': "Swagger UI's own files, the same for everyone",
  '/api/docs/static/index.html': "Swagger UI's own page",
  '/api/docs/static/swagger-initializer.js': "Swagger UI's own script",
};

/** Query strings a route is walked with as well as bare (searches, places, pages). */
const VARIANTS: Record<string, string[]> = {
  '/api/v1/groups/:slug/posts': [
    '?status=all&limit=100',
    '?q=shopping',
    '?near=48.4284,-123.3656&within=5',
    '?kind=ask&unanswered=true',
  ],
  '/api/v1/groups/:slug/members': ['?status=pending', '?q=a'],
  '/api/v1/groups/:slug/board': ['?sort=age'],
  '/api/v1/posts/near': ['?near=48.4284,-123.3656&within=20'],
  '/api/v1/groups': ['?near=48.4284,-123.3656', '?q=mutual'],
  '/api/v1/places': ['?q=Victoria'],
  '/api/v1/photos/:id': ['?size=thumb'],
};

const secret = () => `zq${randomBytes(6).toString('hex')}`;

async function scene() {
  const seeded = {
    address: `${secret()} Street`,
    phone: `+44 20 ${Math.floor(1000 + Math.random() * 8999)} ${Math.floor(1000 + Math.random() * 8999)}`,
    notes: `Key under ${secret()}`,
    contact: `Call ${secret()}`,
    neighbour: `Neighbour ${secret()}`,
    neighbourPhone: `+1 250 ${Math.floor(100 + Math.random() * 899)} ${Math.floor(1000 + Math.random() * 8999)}`,
    latitude: 48.428731,
    longitude: -123.365297,
  };
  const { group, owner } = await makeGroup(t.deps, { visibility: 'public' });
  const people = {
    asker: await makeUser(t.deps),
    member: await makeUser(t.deps),
    commenter: await makeUser(t.deps),
    formerHelper: await makeUser(t.deps),
    helper: await makeUser(t.deps),
    pending: await makeUser(t.deps),
    banned: await makeUser(t.deps),
  };
  for (const person of [
    people.asker,
    people.member,
    people.commenter,
    people.formerHelper,
    people.helper,
  ]) {
    await addMember(t.deps, group, person);
  }
  await addMember(t.deps, group, people.pending, { status: 'pending' });
  await addMember(t.deps, group, people.banned, { status: 'banned' });
  const cookies = Object.fromEntries(
    await Promise.all(
      Object.entries(people).map(async ([role, person]) => [role, await signIn(t.deps, person)]),
    ),
  ) as Record<keyof typeof people, string>;
  // Everyone has push on a device too, so the walk reads every push the scene sends.
  for (const cookie of [...Object.values(cookies), await signIn(t.deps, owner)]) {
    const saved = await t.request({
      method: 'POST',
      url: '/api/v1/me/push-subscriptions',
      cookie,
      payload: push.newSubscription(),
    });
    expect(saved.statusCode).toBe(201);
  }
  const ask = await makePost(t.deps, {
    group,
    author: people.asker,
    input: {
      title: 'Help with shopping',
      body: 'Twice a week if possible.',
      locationName: 'Fernwood',
      private: {
        address: seeded.address,
        phone: seeded.phone,
        accessNotes: seeded.notes,
        contactPreference: seeded.contact,
        point: { latitude: seeded.latitude, longitude: seeded.longitude },
      },
    },
  });
  const onBehalf = await makePost(t.deps, {
    group,
    author: owner,
    input: {
      title: 'Lift to a clinic',
      onBehalfOf: { name: seeded.neighbour, phone: seeded.neighbourPhone },
    },
  });
  const write = (cookie: string, url: string, payload: object = {}) =>
    t.request({ method: 'POST', url, cookie, payload });
  await write(cookies.commenter, `/api/v1/posts/${ask.id}/comments`, {
    body: 'I can help Tuesday.',
  });
  await write(cookies.commenter, `/api/v1/posts/${ask.id}/responses`, { note: 'I can help.' });
  await t.request({
    method: 'PUT',
    url: `/api/v1/posts/${ask.id}/reactions/heart`,
    cookie: cookies.member,
  });
  // A helper who was chosen, wrote in the thread, then stepped back.
  const first = await write(cookies.formerHelper, `/api/v1/posts/${ask.id}/responses`);
  const firstMatch = await write(cookies.asker, `/api/v1/responses/${first.json().id}/accept`);
  await write(cookies.formerHelper, `/api/v1/matches/${firstMatch.json().id}/messages`, {
    body: 'On my way soon.',
  });
  await write(cookies.formerHelper, `/api/v1/matches/${firstMatch.json().id}/withdraw`, {
    reason: 'My car broke down.',
  });
  // The helper chosen now: they may read the record, so they are not among the readers below.
  const second = await write(cookies.helper, `/api/v1/posts/${ask.id}/responses`);
  const liveMatch = await write(cookies.asker, `/api/v1/responses/${second.json().id}/accept`);
  expect(liveMatch.statusCode).toBe(201);
  await write(cookies.asker, `/api/v1/matches/${liveMatch.json().id}/messages`, {
    body: 'Thank you, the door is round the side.',
  });
  const photo = await sharp({
    create: { width: 40, height: 30, channels: 3, background: { r: 1, g: 2, b: 3 } },
  })
    .png()
    .toBuffer();
  const uploaded = await t.request({
    method: 'POST',
    url: `/api/v1/posts/${ask.id}/photos`,
    cookie: cookies.asker,
    payload: photo,
    headers: { 'content-type': 'image/png', 'x-file-name': 'door.png' },
  });
  expect(uploaded.statusCode).toBe(201);
  // A sign-in link for the asker, so the outbox holds an email about them too.
  await t.request({
    method: 'POST',
    url: '/api/v1/auth/email-link',
    payload: { email: people.asker.email },
  });
  const elsewhere = await makeGroup(t.deps);
  return {
    seeded,
    group,
    owner,
    people,
    cookies,
    ask,
    onBehalf,
    matchIds: [firstMatch.json().id as string, liveMatch.json().id as string],
    photoId: uploaded.json().photos[0].id as string,
    otherGroupModerator: await signIn(t.deps, elsewhere.owner),
  };
}

describe('private details never leak (SAFETY 2)', () => {
  it('appear in no response of any GET route, for any reader but those allowed', async () => {
    const s = await scene();
    // Every notification the scene made is emailed first, so the walk reads those emails too,
    // and an unsubscribe link from one of them is walked.
    await deliverNotifications(t.deps);
    const notificationMails = (await t.outbox()).filter((mail) =>
      ALLOWED_SUBJECTS.has(mail.subject),
    );
    expect(notificationMails.length).toBeGreaterThan(3);
    // And every push, decrypted by the stand-in push service, once none is left to send.
    for (const deadline = Date.now() + 20_000; ; ) {
      const { rows } = await t.pool.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pgboss.job
         WHERE name = 'push' AND state IN ('created', 'retry', 'active')`,
      );
      if (rows[0]!.waiting === 0) break;
      expect(Date.now(), 'pushes are still waiting to be sent').toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(push.received.length).toBeGreaterThan(3);
    expect(push.rejected).toEqual([]);
    const unsubscribeToken = /\/unsubscribe\/([A-Za-z0-9_-]+)/.exec(
      notificationMails[0]!.text,
    )![1]!;
    // A "Did it happen?" link for the live match, as its email to the asker would carry.
    const followUpToken = newToken();
    await t.pool.query(
      'INSERT INTO follow_up_tokens (token_hash, match_id, user_id) VALUES ($1, $2, $3)',
      [hashToken(t.deps.secret, followUpToken), s.matchIds[1], s.people.asker.id],
    );
    /** The concrete addresses of a route, with ids from the scene. */
    const concrete = (pattern: string): string[] => {
      const ids: Record<string, string[]> = {
        '/api/v1/posts/:id': [s.ask.id, s.onBehalf.id],
        '/api/v1/matches/:id': s.matchIds,
        '/api/v1/photos/:id': [s.photoId],
      };
      const base = pattern.replace('/*', '/').replace(':slug', s.group.slug);
      let urls = [
        base.replace(
          ':token',
          base.startsWith('/api/v1/follow-ups') ? followUpToken : unsubscribeToken,
        ),
      ];
      if (base.includes(':userId')) {
        urls = [s.people.asker.id, s.people.helper.id].map((id) => base.replace(':userId', id));
      }
      if (base.includes(':id')) {
        const prefix = Object.keys(ids).find((key) => base.startsWith(key));
        expect(prefix, `which ids to walk ${pattern} with`).toBeDefined();
        urls = ids[prefix!]!.map((id) => base.replace(':id', id));
      }
      expect(urls.join(' '), `every parameter of ${pattern} is filled`).not.toContain(':');
      return urls.flatMap((url) => [url, ...(VARIANTS[pattern] ?? []).map((q) => url + q)]);
    };
    const routes = t.app
      .routes()
      .filter((route) => route.method === 'GET')
      .map((route) => route.url);
    const walked = routes.filter((url) => !(url in NOT_WALKED));
    for (const url of Object.keys(NOT_WALKED))
      expect(routes, 'an exclusion that is stale').toContain(url);
    for (const url of Object.keys(VARIANTS)) expect(routes, 'a variant of no route').toContain(url);
    expect(walked.length).toBeGreaterThan(30);

    const readers: Record<string, string | undefined> = {
      'signed out': undefined,
      'non-member': await signIn(t.deps, await makeUser(t.deps)),
      member: s.cookies.member,
      'commenting helper (not chosen)': s.cookies.commenter,
      'former helper (withdrew)': s.cookies.formerHelper,
      'asking to join': s.cookies.pending,
      banned: s.cookies.banned,
      'moderator of another group': s.otherGroupModerator,
    };
    /** A reader's own email is theirs to see (their account page). */
    const ownEmail: Record<string, string> = {
      member: s.people.member.email,
      'commenting helper (not chosen)': s.people.commenter.email,
      'former helper (withdrew)': s.people.formerHelper.email,
      'asking to join': s.people.pending.email,
      banned: s.people.banned.email,
    };
    const needles = [
      s.seeded.address,
      s.seeded.phone,
      s.seeded.notes,
      s.seeded.contact,
      s.seeded.neighbour,
      s.seeded.neighbourPhone,
      String(s.seeded.latitude),
      String(s.seeded.longitude),
      ...Object.values(s.people).map((person) => person.email),
      s.owner.email,
    ];
    let checked = 0;
    for (const [reader, cookie] of Object.entries(readers)) {
      for (const pattern of walked) {
        for (const url of concrete(pattern)) {
          // From another machine, as a reader would be (the development outbox answers only this
          // one, where the developer reads their own test emails).
          const response = await t.request({
            url,
            remoteAddress: '203.0.113.50',
            ...(cookie ? { cookie } : {}),
          });
          expect(response.statusCode, `${reader} ${url}`).toBeLessThan(500);
          const body = response.rawPayload.toString('latin1') + response.body;
          for (const needle of needles) {
            if (needle === ownEmail[reader]) continue;
            expect({ reader, url, leaked: body.includes(needle) ? needle : null }).toEqual({
              reader,
              url,
              leaked: null,
            });
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(Object.keys(readers).length * walked.length);
    // The "Did it happen?" link was walked with a token that opens something.
    expect((await t.request({ url: `/api/v1/follow-ups/${followUpToken}` })).statusCode).toBe(200);

    // The emails Kindred sent hold none of it either (the outbox, as this machine reads it).
    const outbox = await t.request({ url: '/dev/outbox.json' });
    expect(outbox.json().length).toBeGreaterThan(0);
    for (const needle of needles.slice(0, 6)) expect(outbox.body).not.toContain(needle);
    // Notification emails and pushes name nobody and no post either (SAFETY 8).
    const pushTexts = push.received.map((received) => received.text);
    for (const needle of needles) expect(pushTexts.join('\n')).not.toContain(needle);
    for (const text of [...notificationMails.map((mail) => mail.text), ...pushTexts]) {
      for (const title of [s.ask.title, s.onBehalf.title]) expect(text).not.toContain(title);
      for (const person of [...Object.values(s.people), s.owner]) {
        expect(text).not.toContain(person.displayName);
      }
    }
    for (const text of pushTexts) expect(ALLOWED_SUBJECTS.has(JSON.parse(text).title)).toBe(true);

    // The walk can see the strings where they are allowed: the asker, the chosen helper, and the
    // group's moderators.
    const asAsker = await t.request({
      url: `/api/v1/posts/${s.ask.id}/private`,
      cookie: s.cookies.asker,
    });
    expect(asAsker.body).toContain(s.seeded.address);
    const asHelper = await t.request({
      url: `/api/v1/posts/${s.ask.id}/private`,
      cookie: s.cookies.helper,
    });
    expect(asHelper.body).toContain(s.seeded.phone);
    const asAdmin = await t.request({
      url: `/api/v1/posts/${s.onBehalf.id}/private`,
      cookie: await signIn(t.deps, s.owner),
    });
    expect(asAdmin.body).toContain(s.seeded.neighbour);
  });
});
