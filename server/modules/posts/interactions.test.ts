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

async function setting() {
  const { group, owner } = await makeGroup(t.deps);
  const asker = await makeUser(t.deps, { displayName: 'Asha' });
  const helper = await makeUser(t.deps, { displayName: 'Hugo' });
  await addMember(t.deps, group, asker);
  await addMember(t.deps, group, helper);
  const ask = await makePost(t.deps, { group, author: asker });
  return {
    group,
    owner,
    ask,
    asker: await signIn(t.deps, asker),
    helper: await signIn(t.deps, helper),
    stranger: await signIn(t.deps, await makeUser(t.deps)),
  };
}

describe('comments', () => {
  it('takes comments and one level of replies, oldest first', async () => {
    const s = await setting();
    const url = `/api/v1/posts/${s.ask.id}/comments`;
    const comment = await t.request({
      method: 'POST',
      url,
      cookie: s.helper,
      payload: { body: 'I can go at 5.' },
    });
    expect(comment.statusCode).toBe(201);
    expect(comment.json()).toMatchObject({
      body: 'I can go at 5.',
      author: { displayName: 'Hugo' },
      parentId: null,
    });
    const reply = await t.request({
      method: 'POST',
      url,
      cookie: s.asker,
      payload: { body: 'Thank you!', parentId: comment.json().id },
    });
    expect(reply.json().parentId).toBe(comment.json().id);
    const tooDeep = await t.request({
      method: 'POST',
      url,
      cookie: s.helper,
      payload: { body: 'And again', parentId: reply.json().id },
    });
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.json().errors[0].field).toBe('parentId');
    const empty = await t.request({
      method: 'POST',
      url,
      cookie: s.helper,
      payload: { body: '   ' },
    });
    expect(empty.json().errors[0].field).toBe('body');
    const list = await t.request({ url, cookie: s.asker });
    expect(list.json().items.map((c: { body: string }) => c.body)).toEqual([
      'I can go at 5.',
      'Thank you!',
    ]);
    const post = await t.request({ url: `/api/v1/posts/${s.ask.id}`, cookie: s.asker });
    expect(post.json().commentCount).toBe(2);
  });

  it('keeps strangers out: 404 to comment, read comments or react (SAFETY 5)', async () => {
    const s = await setting();
    const routes = [
      {
        method: 'POST' as const,
        url: `/api/v1/posts/${s.ask.id}/comments`,
        payload: { body: 'Hi' },
      },
      { method: 'GET' as const, url: `/api/v1/posts/${s.ask.id}/comments` },
      { method: 'PUT' as const, url: `/api/v1/posts/${s.ask.id}/reactions/heart` },
      { method: 'GET' as const, url: `/api/v1/posts/${s.ask.id}/reactions` },
    ];
    for (const route of routes) {
      const response = await t.request({ ...route, cookie: s.stranger });
      expect({ url: route.url, method: route.method, status: response.statusCode }).toEqual({
        url: route.url,
        method: route.method,
        status: 404,
      });
    }
  });
});

describe('reactions', () => {
  it('counts reactions from the fixed set, marks mine, and says who reacted', async () => {
    const s = await setting();
    const react = (cookie: string, kind: string, method: 'PUT' | 'DELETE' = 'PUT') =>
      t.request({ method, url: `/api/v1/posts/${s.ask.id}/reactions/${kind}`, cookie });
    expect((await react(s.helper, 'heart')).statusCode).toBe(204);
    expect((await react(s.helper, 'heart')).statusCode).toBe(204);
    await react(s.asker, 'heart');
    await react(s.asker, 'thanks');
    expect((await react(s.asker, 'rocket')).statusCode).toBe(400);
    const post = await t.request({ url: `/api/v1/posts/${s.ask.id}`, cookie: s.helper });
    expect(post.json().reactions).toEqual(
      expect.arrayContaining([
        { kind: 'heart', count: 2, isMine: true },
        { kind: 'thanks', count: 1, isMine: false },
      ]),
    );
    const who = await t.request({ url: `/api/v1/posts/${s.ask.id}/reactions`, cookie: s.asker });
    const hearts = who.json().items.find((i: { kind: string }) => i.kind === 'heart');
    expect(hearts.people.map((p: { displayName: string }) => p.displayName).sort()).toEqual([
      'Asha',
      'Hugo',
    ]);
    await react(s.helper, 'heart', 'DELETE');
    const after = await t.request({ url: `/api/v1/posts/${s.ask.id}`, cookie: s.helper });
    expect(after.json().reactions).toContainEqual({ kind: 'heart', count: 1, isMine: false });
  });
});

describe('polls', () => {
  it('takes one vote per member and shows results only after voting', async () => {
    const s = await setting();
    const question = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${s.group.slug}/posts`,
      cookie: s.asker,
      payload: {
        kind: 'question',
        title: 'Best day for the market run?',
        poll: ['Friday', 'Saturday'],
      },
    });
    const id = question.json().id;
    const before = await t.request({ url: `/api/v1/posts/${id}`, cookie: s.helper });
    expect(before.json().poll.options.map((o: { votes: number | null }) => o.votes)).toEqual([
      null,
      null,
    ]);
    const saturday = before.json().poll.options[1].id;
    const voted = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${id}/vote`,
      cookie: s.helper,
      payload: { optionId: saturday },
    });
    expect(voted.json().poll).toMatchObject({ myVote: saturday, totalVotes: 1 });
    expect(voted.json().poll.options.map((o: { votes: number }) => o.votes)).toEqual([0, 1]);
    const twice = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${id}/vote`,
      cookie: s.helper,
      payload: { optionId: saturday },
    });
    expect(twice.statusCode).toBe(409);
    const wrongOption = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${id}/vote`,
      cookie: s.asker,
      payload: { optionId: s.ask.id },
    });
    expect(wrongOption.statusCode).toBe(400);
    expect(wrongOption.json().errors[0].field).toBe('optionId');
  });
});
