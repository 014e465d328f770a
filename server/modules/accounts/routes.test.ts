import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestApp, useTestApp } from '../../../test/support/app.ts';
import { makeAccessToken, makeUser, signIn, uniqueEmail } from '../../../test/support/factories.ts';
import { sessions, users } from '../../db/schema/index.ts';
import { prepareSetupLink } from './setup.ts';
import { hashToken } from './tokens.ts';
import { disableUser } from './users.ts';

const t = useTestApp();

const passwordSignIn = (email: string, password: string) =>
  t.request({ method: 'POST', url: '/api/v1/auth/password', payload: { email, password } });

describe('passwords (SAFETY 11)', () => {
  it('sets a 65-character password, signs in with it, and stores only an argon2id hash', async () => {
    const user = await makeUser(t.deps);
    const cookie = await signIn(t.deps, user);
    const password = 'correct horse battery staple, '.padEnd(65, 'and more words ');
    expect(password).toHaveLength(65);
    const set = await t.request({
      method: 'PUT',
      url: '/api/v1/me/password',
      cookie,
      payload: { newPassword: password },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json().hasPassword).toBe(true);
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);

    const signedIn = await passwordSignIn(user.email, password);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().id).toBe(user.id);
  });

  it('refuses a 7-character password, naming the field', async () => {
    const cookie = await signIn(t.deps, await makeUser(t.deps));
    const response = await t.request({
      method: 'PUT',
      url: '/api/v1/me/password',
      cookie,
      payload: { newPassword: 'seven77' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ field: 'newPassword', code: 'too_small' }),
    ]);
  });

  it('has no composition rules: eight lower-case letters are fine', async () => {
    const cookie = await signIn(t.deps, await makeUser(t.deps));
    const response = await t.request({
      method: 'PUT',
      url: '/api/v1/me/password',
      cookie,
      payload: { newPassword: 'abcdefgh' },
    });
    expect(response.statusCode).toBe(200);
  });

  it('needs the current password to change one, and then ends the other sessions', async () => {
    const user = await makeUser(t.deps, { password: 'first password' });
    const here = await signIn(t.deps, user);
    const elsewhere = await signIn(t.deps, user);
    const wrong = await t.request({
      method: 'PUT',
      url: '/api/v1/me/password',
      cookie: here,
      payload: { currentPassword: 'not it at all', newPassword: 'second password' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('currentPassword');
    const right = await t.request({
      method: 'PUT',
      url: '/api/v1/me/password',
      cookie: here,
      payload: { currentPassword: 'first password', newPassword: 'second password' },
    });
    expect(right.statusCode).toBe(200);
    expect((await t.request({ url: '/api/v1/me', cookie: here })).statusCode).toBe(200);
    expect((await t.request({ url: '/api/v1/me', cookie: elsewhere })).statusCode).toBe(401);
  });

  it('answers a wrong password and an unknown email the same way (SAFETY 14)', async () => {
    const user = await makeUser(t.deps, { password: 'the real one' });
    const wrong = await passwordSignIn(user.email, 'not the real one');
    const unknown = await passwordSignIn(uniqueEmail(), 'not the real one');
    const noPassword = await passwordSignIn((await makeUser(t.deps)).email, 'anything at all');
    for (const response of [wrong, unknown, noPassword]) {
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('wrong-credentials');
    }
    expect(wrong.body).toBe(unknown.body);
  });

  it('limits failed attempts per email and IP, and a stranger elsewhere cannot lock the owner out', async () => {
    const user = await makeUser(t.deps, { password: 'owner password' });
    for (let i = 0; i < 10; i++) {
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/password',
        remoteAddress: '203.0.113.9',
        payload: { email: user.email, password: `guess ${i}` },
      });
    }
    const attacker = await t.request({
      method: 'POST',
      url: '/api/v1/auth/password',
      remoteAddress: '203.0.113.9',
      payload: { email: user.email, password: 'owner password' },
    });
    expect(attacker.statusCode).toBe(429);
    expect(Number(attacker.headers['retry-after'])).toBeGreaterThan(0);
    const owner = await t.request({
      method: 'POST',
      url: '/api/v1/auth/password',
      remoteAddress: '198.51.100.7',
      payload: { email: user.email, password: 'owner password' },
    });
    expect(owner.statusCode).toBe(200);
  });
});

describe('me', () => {
  it('needs sign-in', async () => {
    const response = await t.request({ url: '/api/v1/me' });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('sign-in-required');
  });

  it('edits display name, preferred language and languages spoken', async () => {
    const cookie = await signIn(t.deps, await makeUser(t.deps));
    const response = await t.request({
      method: 'PATCH',
      url: '/api/v1/me',
      cookie,
      payload: { displayName: 'Chloé', locale: 'fr', languages: ['fr', 'en', 'pt-BR'] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      displayName: 'Chloé',
      locale: 'fr',
      languages: ['fr', 'en', 'pt-BR'],
    });
    expect((await t.request({ url: '/api/v1/me', cookie })).json().locale).toBe('fr');
  });

  it('refuses an unsupported locale and a malformed language code, naming each field', async () => {
    const cookie = await signIn(t.deps, await makeUser(t.deps));
    const response = await t.request({
      method: 'PATCH',
      url: '/api/v1/me',
      cookie,
      payload: { locale: 'xx', languages: ['<script>'] },
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['locale', 'languages.0']));
  });

  it('cannot be used to make oneself an administrator or change email (SAFETY 18)', async () => {
    const user = await makeUser(t.deps);
    const cookie = await signIn(t.deps, user);
    const response = await t.request({
      method: 'PATCH',
      url: '/api/v1/me',
      cookie,
      payload: {
        isAdmin: true,
        email: 'other@example.org',
        id: '00000000-0000-0000-0000-000000000000',
        displayName: 'Same',
      },
    });
    expect(response.statusCode).toBe(200);
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({
      isAdmin: false,
      email: user.email,
      id: user.id,
      displayName: 'Same',
    });
  });

  it('never shows the password hash', async () => {
    const user = await makeUser(t.deps, { password: 'a password here' });
    const body = (await t.request({ url: '/api/v1/me', cookie: await signIn(t.deps, user) })).body;
    expect(body).not.toContain('argon2');
    expect(body).not.toContain('passwordHash');
  });
});

describe('sessions (SAFETY 12)', () => {
  it('sign-out ends the session on the server, not just the cookie', async () => {
    const cookie = await signIn(t.deps, await makeUser(t.deps));
    const out = await t.request({ method: 'POST', url: '/api/v1/auth/sign-out', cookie });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'kindred_session')?.value).toBe('');
    expect((await t.request({ url: '/api/v1/me', cookie })).statusCode).toBe(401);
  });

  it('sign-out everywhere ends every session of the account and no one else’s', async () => {
    const user = await makeUser(t.deps);
    const other = await signIn(t.deps, await makeUser(t.deps));
    const phone = await signIn(t.deps, user);
    const laptop = await signIn(t.deps, user);
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/auth/sign-out-everywhere', cookie: phone }))
        .statusCode,
    ).toBe(204);
    expect((await t.request({ url: '/api/v1/me', cookie: laptop })).statusCode).toBe(401);
    expect((await t.request({ url: '/api/v1/me', cookie: other })).statusCode).toBe(200);
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/auth/sign-out-everywhere' })).statusCode,
    ).toBe(401);
  });

  it('ends after the idle timeout and after the absolute timeout', async () => {
    const user = await makeUser(t.deps);
    const idle = await signIn(t.deps, user);
    const old = await signIn(t.deps, user);
    const idOf = (cookie: string) => hashToken(t.deps.secret, cookie.split('=')[1]!);
    const idleMs = t.deps.config.sessionIdleMs + 60_000;
    await t.db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - ${idleMs} * interval '1 millisecond'` })
      .where(eq(sessions.id, idOf(idle)));
    await t.db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(sessions.id, idOf(old)));
    expect((await t.request({ url: '/api/v1/me', cookie: idle })).statusCode).toBe(401);
    expect((await t.request({ url: '/api/v1/me', cookie: old })).statusCode).toBe(401);
    expect(
      (await t.request({ url: '/api/v1/me', cookie: await signIn(t.deps, user) })).statusCode,
    ).toBe(200);
  });

  it('disabling an account ends its sessions and tokens at once', async () => {
    const user = await makeUser(t.deps);
    const cookie = await signIn(t.deps, user);
    const { token } = await makeAccessToken(t.deps, user);
    await disableUser(t.deps, user.id);
    expect((await t.request({ url: '/api/v1/me', cookie })).statusCode).toBe(401);
    expect(
      (await t.request({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } }))
        .statusCode,
    ).toBe(401);
  });
});

describe('personal access tokens', () => {
  it('authenticate API calls with Authorization: Bearer, with no Origin needed', async () => {
    const user = await makeUser(t.deps);
    const { token } = await makeAccessToken(t.deps, user);
    const me = await t.app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json().id).toBe(user.id);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
      payload: { displayName: 'From a script' },
    });
    expect(patch.statusCode).toBe(200);
  });

  it('refuses an unknown or malformed token with 401 even where sign-in is optional', async () => {
    for (const header of ['Bearer kdr_nottherealtoken', 'Bearer', 'Basic abc']) {
      const response = await t.app.inject({
        url: '/api/v1/me',
        headers: { authorization: header },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('token-invalid');
    }
  });
});

describe('first administrator', () => {
  it('is created once with the printed setup link, which then stops working', async () => {
    const setup = await createTestApp();
    try {
      expect((await setup.request({ url: '/api/v1/setup' })).json()).toEqual({ isNeeded: true });
      const link = await prepareSetupLink(setup.deps);
      const token = new URL(link!).hash.replace('#token=', '');
      const email = uniqueEmail('admin');
      const bad = await setup.request({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { token: 'y'.repeat(43), email, displayName: 'Ada' },
      });
      expect(bad.statusCode).toBe(410);
      const made = await setup.request({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { token, email, displayName: 'Ada' },
      });
      expect(made.statusCode).toBe(201);
      expect(made.json()).toMatchObject({ email, isAdmin: true });
      expect(made.cookies.find((c) => c.name === 'kindred_session')).toBeDefined();
      const again = await setup.request({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { token, email: uniqueEmail(), displayName: 'Eve' },
      });
      expect(again.statusCode).toBe(409);
      expect((await setup.request({ url: '/api/v1/setup' })).json()).toEqual({ isNeeded: false });
      expect(await prepareSetupLink(setup.deps)).toBeUndefined();
    } finally {
      await setup.close();
    }
  });
});

describe('quick exit for someone who chose to be signed out by it', () => {
  it('ends the session and tells the browser to forget Kindred; the choice is theirs to make', async () => {
    const user = await makeUser(t.deps);
    const cookie = await signIn(t.deps, user);
    const chosen = await t.request({
      method: 'PATCH',
      url: '/api/v1/me',
      cookie,
      payload: { quickExitSignsOut: true },
    });
    expect(chosen.json()).toMatchObject({ quickExitSignsOut: true });
    const exit = await t.request({ method: 'POST', url: '/api/v1/auth/quick-exit', cookie });
    expect(exit.statusCode).toBe(204);
    expect(exit.headers['clear-site-data']).toBe('"cache", "cookies"');
    expect((await t.request({ url: '/api/v1/me', cookie })).statusCode).toBe(401);
    // From another site, refused like any write (SAFETY 16).
    const foreign = await t.request({
      method: 'POST',
      url: '/api/v1/auth/quick-exit',
      cookie: await signIn(t.deps, user),
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.statusCode).toBe(403);
  });
});
