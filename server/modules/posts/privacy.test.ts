// SAFETY 2: no list, feed, search, post page, comment list or export shows anyone's private
// details. Unique strings go into private records; every reading route is walked as every
// kind of reader, and no response may contain any of them.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import {
  addMember,
  makeGroup,
  makePost,
  makeUser,
  signIn,
} from '../../../test/support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('private details never leak (SAFETY 2)', () => {
  it('appear in no response of any reading route, for any reader but those allowed', async () => {
    const secret = () => `zq${randomBytes(6).toString('hex')}`;
    const seeded = {
      address: `${secret()} Street`,
      phone: `+44 20 ${Math.floor(1000 + Math.random() * 8999)} ${Math.floor(1000 + Math.random() * 8999)}`,
      notes: `Key under ${secret()}`,
      contact: `Call ${secret()}`,
      neighbour: `Neighbour ${secret()}`,
      latitude: 48.428731,
      longitude: -123.365297,
    };
    const { group, owner } = await makeGroup(t.deps, { visibility: 'public' });
    const asker = await makeUser(t.deps);
    const member = await makeUser(t.deps);
    const commenter = await makeUser(t.deps);
    for (const person of [asker, member, commenter]) await addMember(t.deps, group, person);
    const ask = await makePost(t.deps, {
      group,
      author: asker,
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
      input: { title: 'Lift to a clinic', onBehalfOf: { name: seeded.neighbour, phone: null } },
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${ask.id}/comments`,
      cookie: await signIn(t.deps, commenter),
      payload: { body: 'I can help on Tuesday.' },
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${ask.id}/responses`,
      cookie: await signIn(t.deps, commenter),
      payload: { note: 'I can help.' },
    });
    await t.request({
      method: 'PUT',
      url: `/api/v1/posts/${ask.id}/reactions/heart`,
      cookie: await signIn(t.deps, member),
    });
    const elsewhere = await makeGroup(t.deps);

    const readers: Record<string, string | undefined> = {
      'signed out': undefined,
      'non-member': await signIn(t.deps, await makeUser(t.deps)),
      member: await signIn(t.deps, member),
      'commenting helper': await signIn(t.deps, commenter),
      'moderator of another group': await signIn(t.deps, elsewhere.owner),
    };
    const routes = [
      `/api/v1/groups/${group.slug}`,
      `/api/v1/groups/${group.slug}/posts`,
      `/api/v1/groups/${group.slug}/posts?status=all&limit=100`,
      `/api/v1/groups/${group.slug}/posts?q=shopping`,
      `/api/v1/groups/${group.slug}/posts?near=48.4284,-123.3656&within=5`,
      `/api/v1/groups/${group.slug}/posts.txt`,
      `/api/v1/groups/${group.slug}/members`,
      `/api/v1/posts/${ask.id}`,
      `/api/v1/posts/${onBehalf.id}`,
      `/api/v1/posts/${ask.id}/comments`,
      `/api/v1/posts/${ask.id}/reactions`,
      `/api/v1/posts/${ask.id}/responses`,
      `/api/v1/posts/${ask.id}/private`,
      `/api/v1/posts/${onBehalf.id}/private`,
      '/api/v1/posts/near?near=48.4284,-123.3656&within=20',
      `/api/v1/groups?near=48.4284,-123.3656`,
      '/api/v1/groups.csv',
      '/api/v1/groups.geojson',
      '/api/v1/me/groups',
    ];
    const needles = [
      seeded.address,
      seeded.phone,
      seeded.notes,
      seeded.contact,
      seeded.neighbour,
      String(seeded.latitude),
      String(seeded.longitude),
      asker.email,
      owner.email,
    ];
    let checked = 0;
    for (const [reader, cookie] of Object.entries(readers)) {
      for (const url of routes) {
        const response = await t.request({ url, ...(cookie ? { cookie } : {}) });
        for (const needle of needles) {
          expect({ reader, url, leaked: response.body.includes(needle) ? needle : null }).toEqual({
            reader,
            url,
            leaked: null,
          });
        }
        checked++;
      }
    }
    expect(checked).toBe(Object.keys(readers).length * routes.length);

    // The walk can see the strings where they are allowed: the asker and the group's moderators.
    const asAsker = await t.request({
      url: `/api/v1/posts/${ask.id}/private`,
      cookie: await signIn(t.deps, asker),
    });
    expect(asAsker.body).toContain(seeded.address);
    const asAdmin = await t.request({
      url: `/api/v1/posts/${onBehalf.id}/private`,
      cookie: await signIn(t.deps, owner),
    });
    expect(asAdmin.body).toContain(seeded.neighbour);
  });
});
