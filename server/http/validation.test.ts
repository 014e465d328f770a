// SAFETY 17: bad input gets a 400 problem naming the field, never a 500 or a stack trace.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/support/app.ts';
import {
  addMember,
  makeGroup,
  makeUser,
  signIn,
  uniqueEmail,
} from '../../test/support/factories.ts';

const t = useTestApp();

const NUL = '\u0000';

function expectNulProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  field: string,
) {
  expect(response.statusCode).toBe(400);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json()).toMatchObject({
    code: 'invalid-input',
    errors: [{ field, code: 'nul-character' }],
  });
}

describe('a NUL character in any text (SAFETY 17)', () => {
  it('is refused with a 400 naming the field, on every kind of input, and logs no error', async () => {
    const logsBefore = t.logs.length;
    // Query string, no sign-in needed.
    expectNulProblem(await t.request({ url: '/api/v1/groups?q=%00' }), 'q');
    // Route parameters.
    expectNulProblem(await t.request({ url: '/api/v1/groups/%00' }), 'slug');
    expectNulProblem(await t.request({ url: '/api/v1/groups/abc%00def/posts' }), 'slug');
    // JSON bodies, signed out and signed in.
    expectNulProblem(
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/sign-up',
        payload: { email: uniqueEmail(), displayName: `Ann${NUL}` },
      }),
      'displayName',
    );
    const user = await makeUser(t.deps);
    const cookie = await signIn(t.deps, user);
    expectNulProblem(
      await t.request({
        method: 'PATCH',
        url: '/api/v1/me',
        cookie,
        payload: { displayName: `A${NUL}B` },
      }),
      'displayName',
    );
    const { group } = await makeGroup(t.deps);
    await addMember(t.deps, group, user);
    const ask = { kind: 'ask', title: 'Shopping', category: 'groceries', urgency: 'today' };
    for (const [payload, field] of [
      [{ ...ask, title: `Shop${NUL}ping` }, 'title'],
      [{ ...ask, body: `Milk${NUL}` }, 'body'],
      [{ ...ask, private: { address: `1 Main${NUL} St` } }, 'private.address'],
    ] as const) {
      expectNulProblem(
        await t.request({
          method: 'POST',
          url: `/api/v1/groups/${group.slug}/posts`,
          cookie,
          payload,
        }),
        field,
      );
    }
    // A route without a body schema of its own (the event stream's board).
    expectNulProblem(await t.request({ url: '/api/v1/events?board=%00', cookie }), 'board');

    // Nothing was kept, and no error reached the log.
    const posts = await t.request({ url: `/api/v1/groups/${group.slug}/posts`, cookie });
    expect(posts.json()).toMatchObject({ items: [] });
    const logged = t.logs.slice(logsBefore).join('');
    expect(logged).not.toContain('"level":50');
    expect(logged).not.toContain('    at ');
  });
});

describe("errors raised by Fastify's router", () => {
  it('leave as problem+json: a URL that is not valid percent-encoding, a parameter too long', async () => {
    const badUrl = await t.request({ url: '/api/v1/groups/%E0%A4%A' });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.headers['content-type']).toContain('application/problem+json');
    expect(badUrl.json()).toMatchObject({ status: 400, code: 'bad-url' });
    expect(badUrl.headers['x-content-type-options']).toBe('nosniff');

    // (A GET falls through to the web app's pages, whose 404 is a problem too; a POST does not.)
    const tooLong = await t.request({
      method: 'POST',
      url: `/api/v1/groups/${'a'.repeat(300)}/join`,
      payload: {},
    });
    expect(tooLong.statusCode).toBe(414);
    expect(tooLong.headers['content-type']).toContain('application/problem+json');
    expect(tooLong.json()).toMatchObject({ status: 414, code: 'too-long' });
  });
});
