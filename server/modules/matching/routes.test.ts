import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/support/app.ts';
import {
  addMember,
  makeGroup,
  makePost,
  makeUser,
  signIn,
} from '../../../test/support/factories.ts';
import { matches, posts } from '../../db/schema/index.ts';

const t = useTestApp();

const ADDRESS = '27 Quiet Close';

/** A group with an asker (whose ask has a private address), helpers and a moderator. */
async function scene(mode: 'peer' | 'dispatch' = 'peer') {
  const { group, owner } = await makeGroup(t.deps, { exchangeMode: mode });
  const people = {
    asker: await makeUser(t.deps, { displayName: 'Asha' }),
    helper: await makeUser(t.deps, { displayName: 'Hugo' }),
    other: await makeUser(t.deps, { displayName: 'Olga' }),
    moderator: await makeUser(t.deps, { displayName: 'Mo' }),
  };
  for (const person of [people.asker, people.helper, people.other])
    await addMember(t.deps, group, person);
  await addMember(t.deps, group, people.moderator, { role: 'moderator' });
  const ask = await makePost(t.deps, {
    group,
    author: people.asker,
    input: {
      private: {
        address: ADDRESS,
        phone: null,
        accessNotes: null,
        contactPreference: null,
        point: null,
      },
    },
  });
  const elsewhere = await makeGroup(t.deps);
  const cookies = {
    asker: await signIn(t.deps, people.asker),
    helper: await signIn(t.deps, people.helper),
    other: await signIn(t.deps, people.other),
    moderator: await signIn(t.deps, people.moderator),
    otherGroupAdmin: await signIn(t.deps, elsewhere.owner),
    stranger: await signIn(t.deps, await makeUser(t.deps)),
  };
  return { group, owner, ask, people, cookies };
}

const call = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
  t.request({
    method,
    url,
    cookie,
    ...(payload ? { payload } : method === 'POST' ? { payload: {} } : {}),
  });

describe('the journey in a peer group', () => {
  it('responds, accepts one helper, opens the private record to them alone, talks, completes and confirms', async () => {
    const s = await scene();
    const mine = await call('POST', `/api/v1/posts/${s.ask.id}/responses`, s.cookies.helper, {
      note: 'I have a car.',
    });
    expect(mine.statusCode).toBe(201);
    const theirs = await call('POST', `/api/v1/posts/${s.ask.id}/responses`, s.cookies.other, {
      note: 'Me too!',
    });
    expect(
      (await call('POST', `/api/v1/posts/${s.ask.id}/responses`, s.cookies.helper, {})).statusCode,
    ).toBe(409);

    const asSeenByAsker = await call('GET', `/api/v1/posts/${s.ask.id}/responses`, s.cookies.asker);
    expect(asSeenByAsker.json().items.map((r: { note: string }) => r.note)).toEqual([
      'I have a car.',
      'Me too!',
    ]);
    const asSeenByOther = await call('GET', `/api/v1/posts/${s.ask.id}/responses`, s.cookies.other);
    expect(asSeenByOther.json().items).toHaveLength(1);

    // Before a match nobody but the asker and moderators reads the address.
    const privateUrl = `/api/v1/posts/${s.ask.id}/private`;
    expect((await call('GET', privateUrl, s.cookies.helper)).statusCode).toBe(404);

    // Only the asker accepts in a peer group.
    expect(
      (await call('POST', `/api/v1/responses/${mine.json().id}/accept`, s.cookies.other))
        .statusCode,
    ).toBe(404);
    const accepted = await call(
      'POST',
      `/api/v1/responses/${mine.json().id}/accept`,
      s.cookies.asker,
    );
    expect(accepted.statusCode).toBe(201);
    const match = accepted.json();
    expect(match).toMatchObject({
      status: 'accepted',
      asker: { displayName: 'Asha' },
      helper: { displayName: 'Hugo' },
      myRole: 'asker',
    });
    expect(accepted.body).not.toContain('@');

    expect((await call('GET', privateUrl, s.cookies.helper)).json().address).toBe(ADDRESS);
    for (const cookie of [s.cookies.other, s.cookies.otherGroupAdmin, s.cookies.stranger]) {
      expect((await call('GET', privateUrl, cookie)).statusCode).toBe(404);
      expect((await call('GET', `/api/v1/matches/${match.id}`, cookie)).statusCode).toBe(404);
      expect((await call('GET', `/api/v1/matches/${match.id}/messages`, cookie)).statusCode).toBe(
        404,
      );
    }
    const otherResponse = await call('GET', `/api/v1/posts/${s.ask.id}/responses`, s.cookies.other);
    expect(otherResponse.json().items[0].status).toBe('not-chosen');
    expect(theirs.statusCode).toBe(201);

    // The thread: asker, helper and, visibly, moderators.
    const thread = `/api/v1/matches/${match.id}/messages`;
    await call('POST', thread, s.cookies.helper, { body: 'On my way at 3.' });
    await call('POST', thread, s.cookies.asker, { body: 'Thank you, ring twice.' });
    const asModerator = await call('GET', thread, s.cookies.moderator);
    expect(asModerator.json().items.map((m: { body: string }) => m.body)).toEqual([
      'On my way at 3.',
      'Thank you, ring twice.',
    ]);

    // Done, then confirmed with a thank-you: the post closes, the helper's access ends.
    expect(
      (await call('POST', `/api/v1/matches/${match.id}/confirm`, s.cookies.helper)).statusCode,
    ).toBe(403);
    expect(
      (await call('POST', `/api/v1/matches/${match.id}/complete`, s.cookies.asker)).statusCode,
    ).toBe(403);
    // Not before the helper has said it is done.
    const early = await call('POST', `/api/v1/matches/${match.id}/confirm`, s.cookies.asker, {
      thankYou: null,
    });
    expect(early.statusCode).toBe(409);
    expect(
      (await call('POST', `/api/v1/matches/${match.id}/complete`, s.cookies.helper)).json().status,
    ).toBe('done');
    const confirmed = await call('POST', `/api/v1/matches/${match.id}/confirm`, s.cookies.asker, {
      thankYou: 'You are a star.',
    });
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', thankYou: 'You are a star.' });
    expect(confirmed.json().timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'accepted',
      'message',
      'message',
      'done',
      'confirmed',
    ]);
    const post = await call('GET', `/api/v1/posts/${s.ask.id}`, s.cookies.other);
    expect(post.json()).toMatchObject({ status: 'closed', closedReason: 'fulfilled' });
    expect((await call('GET', privateUrl, s.cookies.helper)).statusCode).toBe(404);
    expect(
      (await call('POST', thread, s.cookies.helper, { body: 'Anything else?' })).statusCode,
    ).toBe(409);
  });

  it('lets either side withdraw with a reason: the ask reopens and the former helper loses access', async () => {
    const s = await scene();
    const response = await call(
      'POST',
      `/api/v1/posts/${s.ask.id}/responses`,
      s.cookies.helper,
      {},
    );
    const match = (
      await call('POST', `/api/v1/responses/${response.json().id}/accept`, s.cookies.asker)
    ).json();
    const noReason = await call('POST', `/api/v1/matches/${match.id}/withdraw`, s.cookies.helper, {
      reason: '',
    });
    expect(noReason.json().errors[0].field).toBe('reason');
    const withdrawn = await call('POST', `/api/v1/matches/${match.id}/withdraw`, s.cookies.helper, {
      reason: 'My car broke down',
    });
    expect(withdrawn.statusCode).toBe(200);
    expect(
      (await call('GET', `/api/v1/posts/${s.ask.id}/private`, s.cookies.helper)).statusCode,
    ).toBe(404);
    expect((await call('GET', `/api/v1/matches/${match.id}`, s.cookies.helper)).statusCode).toBe(
      404,
    );
    expect(
      (await call('GET', `/api/v1/matches/${match.id}/messages`, s.cookies.helper)).statusCode,
    ).toBe(404);
    const asker = await call('GET', `/api/v1/matches/${match.id}`, s.cookies.asker);
    expect(asker.json().timeline.at(-1)).toMatchObject({
      kind: 'withdrawn',
      reason: 'My car broke down',
    });
    const again = await call('POST', `/api/v1/posts/${s.ask.id}/responses`, s.cookies.other, {});
    expect(
      (await call('POST', `/api/v1/responses/${again.json().id}/accept`, s.cookies.asker))
        .statusCode,
    ).toBe(201);
  });

  it('matches offers the other way round: the offerer helps whoever asked for it', async () => {
    const s = await scene();
    const offer = await makePost(t.deps, {
      group: s.group,
      author: s.people.helper,
      input: { kind: 'offer', title: 'Spare rice', urgency: null },
    });
    const wants = await call('POST', `/api/v1/posts/${offer.id}/responses`, s.cookies.asker, {
      note: "I'd like this",
    });
    const match = await call(
      'POST',
      `/api/v1/responses/${wants.json().id}/accept`,
      s.cookies.helper,
    );
    expect(match.json()).toMatchObject({
      asker: { displayName: 'Asha' },
      helper: { displayName: 'Hugo' },
      myRole: 'helper',
    });
  });

  it('refuses what does not make sense', async () => {
    const s = await scene();
    expect(
      (await call('POST', `/api/v1/posts/${s.ask.id}/responses`, s.cookies.asker, {})).statusCode,
    ).toBe(400);
    expect(
      (await call('POST', `/api/v1/posts/${s.ask.id}/responses`, s.cookies.stranger, {}))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.request({ method: 'POST', url: `/api/v1/posts/${s.ask.id}/responses`, payload: {} }))
        .statusCode,
    ).toBe(401);
    const info = await makePost(t.deps, {
      group: s.group,
      author: s.people.asker,
      input: { kind: 'info', title: 'News', category: null, urgency: null },
    });
    expect(
      (await call('POST', `/api/v1/posts/${info.id}/responses`, s.cookies.helper, {})).statusCode,
    ).toBe(400);
    await t.db
      .update(posts)
      .set({ status: 'closed', closedReason: 'not-needed' })
      .where(eq(posts.id, s.ask.id));
    expect(
      (await call('POST', `/api/v1/posts/${s.ask.id}/responses`, s.cookies.helper, {})).statusCode,
    ).toBe(409);
    const badOffer = await call('POST', `/api/v1/posts/${info.id}/responses`, s.cookies.helper, {
      offerId: 'nope',
    });
    expect(badOffer.json().errors[0].field).toBe('offerId');
  });

  it('answers an ask with one of my offers, named in the response', async () => {
    const s = await scene();
    const offer = await makePost(t.deps, {
      group: s.group,
      author: s.people.helper,
      input: { kind: 'offer', title: 'Weekly grocery runs', urgency: null },
    });
    const response = await call('POST', `/api/v1/posts/${s.ask.id}/responses`, s.cookies.helper, {
      note: 'I shop on Tuesdays.',
      offerId: offer.id,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      note: 'I shop on Tuesdays.',
      offer: { id: offer.id, title: 'Weekly grocery runs' },
      responder: { id: s.people.helper.id },
    });
    const listed = await call('GET', `/api/v1/posts/${s.ask.id}/responses`, s.cookies.asker);
    expect(listed.json().items[0]).toEqual(response.json());
  });
});

describe('the journey in a dispatch group', () => {
  it('has moderators assign (with or without a response) and reassign; the asker cannot accept', async () => {
    const s = await scene('dispatch');
    const response = await call(
      'POST',
      `/api/v1/posts/${s.ask.id}/responses`,
      s.cookies.helper,
      {},
    );
    const byAsker = await call(
      'POST',
      `/api/v1/responses/${response.json().id}/accept`,
      s.cookies.asker,
    );
    expect(byAsker.statusCode).toBe(403);
    expect(byAsker.json().code).toBe('dispatch-group');
    const assignUrl = `/api/v1/posts/${s.ask.id}/assign`;
    expect(
      (await call('POST', assignUrl, s.cookies.helper, { helperId: s.people.other.id })).statusCode,
    ).toBe(403);
    const assigned = await call('POST', assignUrl, s.cookies.moderator, {
      helperId: s.people.other.id,
    });
    expect(assigned.statusCode).toBe(201);
    expect(assigned.json()).toMatchObject({ helper: { displayName: 'Olga' }, myRole: 'moderator' });
    expect(
      (await call('GET', `/api/v1/posts/${s.ask.id}/private`, s.cookies.other)).json().address,
    ).toBe(ADDRESS);

    const twice = await call('POST', assignUrl, s.cookies.moderator, {
      helperId: s.people.helper.id,
    });
    expect(twice.statusCode).toBe(409);
    const reassigned = await call('POST', assignUrl, s.cookies.moderator, {
      helperId: s.people.helper.id,
      reassign: true,
    });
    expect(reassigned.json().helper.displayName).toBe('Hugo');
    // The replaced helper's access ends (SAFETY 3).
    expect(
      (await call('GET', `/api/v1/posts/${s.ask.id}/private`, s.cookies.other)).statusCode,
    ).toBe(404);
    expect(
      (await call('GET', `/api/v1/matches/${assigned.json().id}`, s.cookies.other)).statusCode,
    ).toBe(404);
    expect(
      (await call('GET', `/api/v1/posts/${s.ask.id}/private`, s.cookies.helper)).statusCode,
    ).toBe(200);
    const notMember = await call('POST', assignUrl, s.cookies.moderator, {
      helperId: s.owner.id === s.people.asker.id ? s.owner.id : s.people.asker.id,
      reassign: true,
    });
    expect(notMember.json().errors[0].field).toBe('helperId');
  });

  it('lets a moderator close a done match the asker has not confirmed in time, not before', async () => {
    const s = await scene('dispatch');
    const match = (
      await call('POST', `/api/v1/posts/${s.ask.id}/assign`, s.cookies.moderator, {
        helperId: s.people.helper.id,
      })
    ).json();
    await call('POST', `/api/v1/matches/${match.id}/complete`, s.cookies.helper);
    const early = await call('POST', `/api/v1/matches/${match.id}/close`, s.cookies.moderator);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('too-early');
    await t.db
      .update(matches)
      .set({ doneAt: new Date(Date.now() - 8 * 86_400_000) })
      .where(eq(matches.id, match.id));
    expect(
      (await call('POST', `/api/v1/matches/${match.id}/close`, s.cookies.helper)).statusCode,
    ).toBe(403);
    const closed = await call('POST', `/api/v1/matches/${match.id}/close`, s.cookies.moderator);
    expect(closed.json().status).toBe('closed');
  });
});

describe('concurrency (SAFETY 23)', () => {
  it('makes exactly one match from fifty concurrent accepts, and from fifty concurrent assigns', async () => {
    const s = await scene();
    const responders = await Promise.all(Array.from({ length: 50 }, () => makeUser(t.deps)));
    const responseIds: string[] = [];
    for (const person of responders) {
      await addMember(t.deps, s.group, person);
      const response = await call(
        'POST',
        `/api/v1/posts/${s.ask.id}/responses`,
        await signIn(t.deps, person),
        {},
      );
      responseIds.push(response.json().id);
    }
    const results = await Promise.all(
      responseIds.map((id) => call('POST', `/api/v1/responses/${id}/accept`, s.cookies.asker)),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((code) => code === 201)).toHaveLength(1);
    expect(statuses.filter((code) => code === 409)).toHaveLength(49);
    const rows = await t.db.select().from(matches).where(eq(matches.postId, s.ask.id));
    expect(rows).toHaveLength(1);

    const d = await scene('dispatch');
    const assigns = await Promise.all(
      responders.slice(0, 50).map(async (person) => {
        await addMember(t.deps, d.group, person);
        return call('POST', `/api/v1/posts/${d.ask.id}/assign`, d.cookies.moderator, {
          helperId: person.id,
        });
      }),
    );
    expect(assigns.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(assigns.filter((r) => r.statusCode === 409)).toHaveLength(49);
  });

  it('replays a response or message sent twice with one Idempotency-Key', async () => {
    const s = await scene();
    const headers = { 'idempotency-key': 'respond-once-please' };
    const url = `/api/v1/posts/${s.ask.id}/responses`;
    const first = await t.request({
      method: 'POST',
      url,
      cookie: s.cookies.helper,
      payload: { note: 'Yes' },
      headers,
    });
    const again = await t.request({
      method: 'POST',
      url,
      cookie: s.cookies.helper,
      payload: { note: 'Yes' },
      headers,
    });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    const match = (
      await call('POST', `/api/v1/responses/${first.json().id}/accept`, s.cookies.asker)
    ).json();
    const thread = `/api/v1/matches/${match.id}/messages`;
    const messageKey = { 'idempotency-key': 'message-once-please' };
    await t.request({
      method: 'POST',
      url: thread,
      cookie: s.cookies.helper,
      payload: { body: 'Hi' },
      headers: messageKey,
    });
    await t.request({
      method: 'POST',
      url: thread,
      cookie: s.cookies.helper,
      payload: { body: 'Hi' },
      headers: messageKey,
    });
    expect((await call('GET', thread, s.cookies.asker)).json().items).toHaveLength(1);
  });
});

describe('my asks and my helping', () => {
  it('says what each side needs to do next, and keeps ended matches as history', async () => {
    const s = await scene();
    const response = await call(
      'POST',
      `/api/v1/posts/${s.ask.id}/responses`,
      s.cookies.helper,
      {},
    );
    const match = (
      await call('POST', `/api/v1/responses/${response.json().id}/accept`, s.cookies.asker)
    ).json();
    const mine = async (cookie: string) => (await call('GET', '/api/v1/me/matches', cookie)).json();
    expect((await mine(s.cookies.helper)).active[0]).toMatchObject({
      id: match.id,
      role: 'helper',
      next: 'help',
      other: { displayName: 'Asha' },
    });
    expect((await mine(s.cookies.asker)).active[0]).toMatchObject({
      role: 'asker',
      next: 'being-helped',
    });
    await call('POST', `/api/v1/matches/${match.id}/complete`, s.cookies.helper);
    expect((await mine(s.cookies.helper)).active[0].next).toBe('wait-for-confirmation');
    expect((await mine(s.cookies.asker)).active[0].next).toBe('confirm');
    await call('POST', `/api/v1/matches/${match.id}/confirm`, s.cookies.asker, { thankYou: null });
    expect(await mine(s.cookies.helper)).toMatchObject({
      active: [],
      history: [{ id: match.id, status: 'confirmed', next: null }],
    });
    expect(await mine(s.cookies.other)).toEqual({ active: [], history: [], open: [] });
    expect((await t.request({ url: '/api/v1/me/matches' })).statusCode).toBe(401);
  });
});
