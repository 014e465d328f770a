import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/support/app.ts';
import {
  addMember,
  makeGroup,
  makePost,
  makeUser,
  signIn,
} from '../../../test/support/factories.ts';

const t = useTestApp();

describe('helper profiles', () => {
  it('lets members say what they help with; moderators read it; others get nothing', async () => {
    const { group } = await makeGroup(t.deps);
    const helper = await makeUser(t.deps, { displayName: 'Hana' });
    const moderator = await makeUser(t.deps);
    await addMember(t.deps, group, helper);
    await addMember(t.deps, group, moderator, { role: 'moderator' });
    const cookie = await signIn(t.deps, helper);
    const url = `/api/v1/groups/${group.slug}/helper-profile`;
    const empty = await t.request({ url, cookie });
    expect(empty.json()).toMatchObject({ categories: [], hasCar: false, idCheck: null });
    const saved = await t.request({
      method: 'PUT',
      url,
      cookie,
      payload: {
        categories: ['groceries', 'transport'],
        travelKm: 5,
        availability: 'Evenings',
        languages: ['en', 'fr'],
        hasCar: true,
        isAdmin: true,
      },
    });
    expect(saved.json()).toMatchObject({
      categories: ['groceries', 'transport'],
      travelKm: 5,
      hasCar: true,
      languages: ['en', 'fr'],
    });
    const bad = await t.request({
      method: 'PUT',
      url,
      cookie,
      payload: { categories: ['flying'] },
    });
    expect(bad.json().errors[0].field).toBe('categories.0');

    const asModerator = await t.request({
      url: `/api/v1/groups/${group.slug}/helpers/${helper.id}`,
      cookie: await signIn(t.deps, moderator),
    });
    expect(asModerator.json()).toMatchObject({ displayName: 'Hana', availability: 'Evenings' });
    expect(asModerator.body).not.toContain(helper.email);
    const asMember = await t.request({
      url: `/api/v1/groups/${group.slug}/helpers/${helper.id}`,
      cookie,
    });
    expect(asMember.statusCode).toBe(403);
    const stranger = await signIn(t.deps, await makeUser(t.deps));
    expect((await t.request({ url, cookie: stranger })).statusCode).toBe(404);
  });
});

describe('ID checks', () => {
  it('are needed before a helper is accepted for the categories the group names (403 with a reason)', async () => {
    const { group } = await makeGroup(t.deps, {
      exchangeMode: 'peer',
      idCheckCategories: ['groceries'],
    });
    const asker = await makeUser(t.deps);
    const helper = await makeUser(t.deps);
    const moderator = await makeUser(t.deps, { displayName: 'Mika' });
    await addMember(t.deps, group, asker);
    await addMember(t.deps, group, helper);
    await addMember(t.deps, group, moderator, { role: 'moderator' });
    const ask = await makePost(t.deps, { group, author: asker });
    const helperCookie = await signIn(t.deps, helper);
    const askerCookie = await signIn(t.deps, asker);
    const moderatorCookie = await signIn(t.deps, moderator);
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${ask.id}/responses`,
      cookie: helperCookie,
      payload: {},
    });
    const accept = () =>
      t.request({
        method: 'POST',
        url: `/api/v1/responses/${response.json().id}/accept`,
        cookie: askerCookie,
        payload: {},
      });
    const refused = await accept();
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'id-check-required' });
    expect(refused.json().detail).toContain('checked');

    const checkUrl = `/api/v1/groups/${group.slug}/members/${helper.id}/id-check`;
    expect(
      (await t.request({ method: 'PUT', url: checkUrl, cookie: helperCookie })).statusCode,
    ).toBe(403);
    expect(
      (await t.request({ method: 'PUT', url: checkUrl, cookie: moderatorCookie })).statusCode,
    ).toBe(204);
    const profile = await t.request({
      url: `/api/v1/groups/${group.slug}/helper-profile`,
      cookie: helperCookie,
    });
    expect(profile.json().idCheck).toMatchObject({
      checkedBy: 'Mika',
      checkedAt: expect.any(String),
    });
    expect((await accept()).statusCode).toBe(201);
  });
});
