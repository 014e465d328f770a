import type { AddressInfo } from 'node:net';
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

async function scene() {
  const { group, owner } = await makeGroup(t.deps);
  const asker = await makeUser(t.deps, { displayName: 'Ama' });
  const helper = await makeUser(t.deps, { displayName: 'Hal' });
  const other = await makeUser(t.deps, { displayName: 'Oz' });
  for (const person of [asker, helper, other]) await addMember(t.deps, group, person);
  const ask = await makePost(t.deps, {
    group,
    author: asker,
    input: {
      title: 'Soup for two',
      private: {
        address: '5 Hidden Row',
        phone: null,
        accessNotes: null,
        contactPreference: null,
        point: null,
      },
    },
  });
  return {
    ask,
    owner,
    cookies: {
      asker: await signIn(t.deps, asker),
      helper: await signIn(t.deps, helper),
      other: await signIn(t.deps, other),
    },
  };
}

const list = async (cookie: string) =>
  (await t.request({ url: '/api/v1/notifications', cookie })).json();

describe('notifications', () => {
  it('tell each side what happened: a response, the choice, a message, done, confirmed', async () => {
    const s = await scene();
    const mine = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${s.ask.id}/responses`,
      cookie: s.cookies.helper,
      payload: {},
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${s.ask.id}/responses`,
      cookie: s.cookies.other,
      payload: {},
    });
    const askerFirst = await list(s.cookies.asker);
    expect(askerFirst.unread).toBe(2);
    expect(askerFirst.items[0]).toMatchObject({
      kind: 'response',
      postTitle: 'Soup for two',
      postKind: 'ask',
      myRole: null,
      isRead: false,
    });

    const match = (
      await t.request({
        method: 'POST',
        url: `/api/v1/responses/${mine.json().id}/accept`,
        cookie: s.cookies.asker,
        payload: {},
      })
    ).json();
    expect((await list(s.cookies.helper)).items[0]).toMatchObject({
      kind: 'accepted',
      matchId: match.id,
      actorName: 'Ama',
      // Each side of the match is named, so the words can be theirs ("Ama chose you…").
      myRole: 'helper',
      postKind: 'ask',
      postTitle: 'Soup for two',
    });
    expect((await list(s.cookies.other)).items[0]).toMatchObject({
      kind: 'not-chosen',
      actorName: null,
    });

    await t.request({
      method: 'POST',
      url: `/api/v1/matches/${match.id}/messages`,
      cookie: s.cookies.helper,
      payload: { body: 'Coming at 6' },
    });
    // A match's notification names its post, though it was sent with the match alone.
    expect((await list(s.cookies.asker)).items[0]).toMatchObject({
      kind: 'message',
      matchId: match.id,
      postTitle: 'Soup for two',
      myRole: 'asker',
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/matches/${match.id}/complete`,
      cookie: s.cookies.helper,
      payload: {},
    });
    expect((await list(s.cookies.asker)).items[0].kind).toBe('done');
    await t.request({
      method: 'POST',
      url: `/api/v1/matches/${match.id}/confirm`,
      cookie: s.cookies.asker,
      payload: {},
    });
    const helperLast = await list(s.cookies.helper);
    expect(helperLast.items[0].kind).toBe('confirmed');
    // Notifications name what happened; never the private details.
    for (const cookie of Object.values(s.cookies)) {
      const body = (await t.request({ url: '/api/v1/notifications', cookie })).body;
      expect(body).not.toContain('Hidden Row');
    }

    const read = await t.request({
      method: 'POST',
      url: '/api/v1/notifications/read',
      cookie: s.cookies.asker,
      payload: {},
    });
    expect(read.statusCode).toBe(204);
    expect((await list(s.cookies.asker)).unread).toBe(0);
    expect((await t.request({ url: '/api/v1/notifications' })).statusCode).toBe(401);
  });

  it('tell an author when a moderator removed their post', async () => {
    const { group, owner } = await makeGroup(t.deps);
    const author = await makeUser(t.deps);
    await addMember(t.deps, group, author);
    const post = await makePost(t.deps, { group, author, input: { title: 'Selling a sofa' } });
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${post.id}/remove`,
      cookie: await signIn(t.deps, owner),
      payload: { reason: 'Selling is not mutual aid' },
    });
    const mine = await list(await signIn(t.deps, author));
    expect(mine.items[0]).toMatchObject({ kind: 'removed', postTitle: 'Selling a sofa' });
  });

  it('keep a removed post’s title from everyone else, even on notifications made before', async () => {
    const s = await scene();
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${s.ask.id}/responses`,
      cookie: s.cookies.helper,
      payload: {},
    });
    expect((await list(s.cookies.asker)).items[0].postTitle).toBe('Soup for two');
    const { owner } = s;
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${s.ask.id}/remove`,
      cookie: await signIn(t.deps, owner),
      payload: { reason: 'An address in the title' },
    });
    const after = await list(s.cookies.asker);
    expect(after.items.find((item: { kind: string }) => item.kind === 'response')).toMatchObject({
      postTitle: null,
    });
    expect(after.items.find((item: { kind: string }) => item.kind === 'removed')).toMatchObject({
      postTitle: 'Soup for two',
    });
  });

  it('arrive live over server-sent events', async () => {
    const s = await scene();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
      headers: { cookie: s.cookies.asker },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const arrived = (async () => {
      while (!received.includes('event: notification')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += value;
      }
    })();
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${s.ask.id}/responses`,
      cookie: s.cookies.helper,
      payload: {},
    });
    await Promise.race([
      arrived,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no event: ${received}`)), 5000),
      ),
    ]);
    expect(received).toContain('event: notification');
    controller.abort();
    const signedOut = await fetch(`http://127.0.0.1:${port}/api/v1/events`);
    expect(signedOut.status).toBe(401);
  });

  it('push board changes to the moderators following a board, and to nobody else', async () => {
    const { group, owner } = await makeGroup(t.deps);
    const member = await makeUser(t.deps);
    const asker = await makeUser(t.deps);
    await addMember(t.deps, group, member);
    await addMember(t.deps, group, asker);
    const ask = await makePost(t.deps, { group, author: asker });
    if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const asMember = await fetch(`http://127.0.0.1:${port}/api/v1/events?board=${group.slug}`, {
      headers: { cookie: await signIn(t.deps, member) },
    });
    expect(asMember.status).toBe(403);
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/events?board=${group.slug}`, {
      headers: { cookie: await signIn(t.deps, owner) },
      signal: controller.signal,
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const arrived = (async () => {
      while (!received.includes('event: board')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += value;
      }
    })();
    await t.request({
      method: 'POST',
      url: `/api/v1/posts/${ask.id}/responses`,
      cookie: await signIn(t.deps, member),
      payload: {},
    });
    await Promise.race([
      arrived,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no board event: ${received}`)), 5000),
      ),
    ]);
    expect(received).toContain('event: board');
    controller.abort();
  });
});
