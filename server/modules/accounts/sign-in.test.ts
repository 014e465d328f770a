import { and, eq, isNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/support/app.ts';
import {
  latestLinkFor,
  makeUser,
  outboxCount,
  uniqueEmail,
} from '../../../test/support/factories.ts';
import { signInLinks, users } from '../../db/schema/index.ts';

const t = useTestApp();

const signUp = (email: string, displayName = 'Ann') =>
  t.request({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email, displayName } });
const requestLink = (email: string) =>
  t.request({ method: 'POST', url: '/api/v1/auth/email-link', payload: { email } });
const confirm = (token: string, cookie?: string) =>
  t.request({ method: 'POST', url: '/api/v1/auth/email-link/confirm', payload: { token }, cookie });

describe('sign-up by emailed link', () => {
  it('creates the account only when the link is confirmed, and signs the person in', async () => {
    const email = uniqueEmail('ann');
    const response = await signUp(email.toUpperCase(), '  Ann  ');
    expect(response.statusCode).toBe(202);
    expect(await t.db.select().from(users).where(eq(users.email, email))).toHaveLength(0);

    const token = await latestLinkFor(t.deps, email);
    const confirmed = await confirm(token);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({
      email,
      displayName: 'Ann',
      isAdmin: false,
      hasPassword: false,
    });

    const cookie = confirmed.cookies.find((c) => c.name === 'kindred_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await t.request({ url: '/api/v1/me', cookie: `kindred_session=${cookie.value}` });
    expect(me.json().email).toBe(email);
  });

  it('stores links only as a hash, with at least 128 random bits', async () => {
    const email = uniqueEmail();
    await signUp(email);
    const token = await latestLinkFor(t.deps, email);
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    const [row] = await t.db.select().from(signInLinks).where(eq(signInLinks.email, email));
    expect(row!.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('answers the same for a known and an unknown email (SAFETY 14)', async () => {
    const known = await makeUser(t.deps);
    const forKnown = await signUp(known.email, 'Someone else');
    const forUnknown = await signUp(uniqueEmail());
    expect(forKnown.statusCode).toBe(forUnknown.statusCode);
    expect(forKnown.body).toBe(forUnknown.body);

    const linkKnown = await requestLink(known.email);
    const linkUnknown = await requestLink(uniqueEmail('nobody'));
    expect(linkKnown.statusCode).toBe(202);
    expect(linkKnown.body).toBe(linkUnknown.body);
  });

  it('tells an existing account holder, and never renames them, when someone signs up with their email', async () => {
    const known = await makeUser(t.deps, { displayName: 'Bea' });
    await signUp(known.email, 'Mallory');
    const token = await latestLinkFor(t.deps, known.email);
    const response = await confirm(token);
    expect(response.json().displayName).toBe('Bea');
    const [mail] = await t.db
      .execute<{ text: string }>(sql`SELECT text FROM dev_outbox WHERE "to" = ${known.email}`)
      .then((r) => r.rows);
    expect(mail!.text).toContain('already have one');
  });

  it('sends no email for an unknown address asking for a sign-in link', async () => {
    const email = uniqueEmail('stranger');
    await requestLink(email);
    await t.mailSettled();
    expect(await outboxCount(t.deps, email)).toBe(0);
  });

  it('refuses a malformed email with 400 naming the field', async () => {
    const response = await signUp('not-an-email');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 400, code: 'invalid-input' });
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'email' })]);
  });

  it('refuses a missing display name and a body that is not JSON', async () => {
    const noName = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      payload: { email: uniqueEmail() },
    });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().errors[0].field).toBe('displayName');
    const garbage = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.headers['content-type']).toContain('application/problem+json');
    expect(garbage.body).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });
});

describe('spending a link (SAFETY 10)', () => {
  it('works once', async () => {
    const user = await makeUser(t.deps);
    await requestLink(user.email);
    const token = await latestLinkFor(t.deps, user.email);
    expect((await confirm(token)).statusCode).toBe(200);
    const again = await confirm(token);
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('link-used');
  });

  it('stops working when a newer link is sent', async () => {
    const user = await makeUser(t.deps);
    await requestLink(user.email);
    const first = await latestLinkFor(t.deps, user.email, 1);
    await requestLink(user.email);
    const second = await latestLinkFor(t.deps, user.email, 2);
    expect(second).not.toBe(first);
    const old = await confirm(first);
    expect(old.statusCode).toBe(410);
    expect(old.json().code).toBe('link-superseded');
    expect((await confirm(second)).statusCode).toBe(200);
  });

  it('leaves exactly one live link when several are asked for at once', async () => {
    const user = await makeUser(t.deps);
    const responses = await Promise.all([1, 2, 3, 4, 5].map(() => requestLink(user.email)));
    expect(responses.map((r) => r.statusCode)).toEqual([202, 202, 202, 202, 202]);
    const live = await t.db
      .select()
      .from(signInLinks)
      .where(
        and(
          eq(signInLinks.email, user.email),
          isNull(signInLinks.usedAt),
          isNull(signInLinks.supersededAt),
        ),
      );
    expect(live).toHaveLength(1);
  });

  it('expires after 15 minutes', async () => {
    const user = await makeUser(t.deps);
    await requestLink(user.email);
    const token = await latestLinkFor(t.deps, user.email);
    await t.db
      .update(signInLinks)
      .set({
        createdAt: sql`now() - interval '16 minutes'`,
        expiresAt: sql`now() - interval '1 minute'`,
      })
      .where(eq(signInLinks.email, user.email));
    const response = await confirm(token);
    expect(response.statusCode).toBe(410);
    expect(response.json().code).toBe('link-expired');
  });

  it('is not spent by following it: only the confirming POST spends it', async () => {
    const user = await makeUser(t.deps);
    await requestLink(user.email);
    const token = await latestLinkFor(t.deps, user.email);
    const page = await t.request({ url: `/auth/confirm#token=${token}` });
    expect(page.statusCode).toBe(200);
    expect((await confirm(token)).statusCode).toBe(200);
  });

  it('refuses a made-up token', async () => {
    const response = await confirm('x'.repeat(43));
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('link-invalid');
  });

  it('rotates the session id at sign-in and ends the previous session', async () => {
    const user = await makeUser(t.deps);
    await requestLink(user.email);
    const first = await confirm(await latestLinkFor(t.deps, user.email, 1));
    const firstCookie = `kindred_session=${first.cookies[0]!.value}`;
    await requestLink(user.email);
    const second = await confirm(await latestLinkFor(t.deps, user.email, 2), firstCookie);
    expect(second.cookies[0]!.value).not.toBe(first.cookies[0]!.value);
    expect((await t.request({ url: '/api/v1/me', cookie: firstCookie })).statusCode).toBe(401);
  });

  it('does not sign in a disabled account', async () => {
    const user = await makeUser(t.deps);
    await requestLink(user.email);
    const token = await latestLinkFor(t.deps, user.email);
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    const response = await confirm(token);
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('account-disabled');
  });
});

describe('rate limits (SAFETY 13)', () => {
  it('answers 429 with Retry-After after too many link requests for one email', async () => {
    const email = uniqueEmail('busy');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await requestLink(email)).statusCode);
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses[5]).toBe(429);
    const limited = await requestLink(email);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits per email for an unknown address too, so limits reveal nothing', async () => {
    const email = uniqueEmail('ghost');
    for (let i = 0; i < 5; i++) await requestLink(email);
    expect((await requestLink(email)).statusCode).toBe(429);
  });

  it('a flood from one network stops neither the owner elsewhere nor the owner on their own browser', async () => {
    const owner = await makeUser(t.deps);
    // The owner signs in once on their phone: it keeps a device cookie for this address.
    await t.request({
      method: 'POST',
      url: '/api/v1/auth/email-link',
      payload: { email: owner.email },
      remoteAddress: '203.0.113.10',
    });
    const confirmed = await confirm(await latestLinkFor(t.deps, owner.email));
    const device = confirmed.cookies.find((c) => c.name === 'kindred_device');
    expect(device).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    const from = (remoteAddress: string, cookie?: string) =>
      t.request({
        method: 'POST',
        url: '/api/v1/auth/email-link',
        payload: { email: owner.email },
        remoteAddress,
        ...(cookie ? { cookie } : {}),
      });
    const attacker = '198.51.100.66';
    const flood: number[] = [];
    for (let i = 0; i < 12; i++) flood.push((await from(attacker)).statusCode);
    expect(flood.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect((await from(attacker)).statusCode).toBe(429);

    // The owner on another network, without the cookie, still gets a link…
    expect((await from('203.0.113.20')).statusCode).toBe(202);
    // …and so does the owner's phone on the attacker's own network (a shared café Wi-Fi).
    expect((await from(attacker, `kindred_device=${device!.value}`)).statusCode).toBe(202);
    // A device cookie made for another address counts for nothing here.
    const other = await makeUser(t.deps);
    await t.request({
      method: 'POST',
      url: '/api/v1/auth/email-link',
      payload: { email: other.email },
      remoteAddress: '203.0.113.78',
    });
    const otherDevice = (await confirm(await latestLinkFor(t.deps, other.email))).cookies.find(
      (c) => c.name === 'kindred_device',
    );
    expect((await from(attacker, `kindred_device=${otherDevice!.value}`)).statusCode).toBe(429);
  });

  it('keeps a ceiling per address against flooding its inbox from many networks', async () => {
    const email = uniqueEmail('flooded');
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/auth/email-link',
        payload: { email },
        remoteAddress: `192.0.2.${i + 1}`,
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 20).every((status) => status === 202)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
  });
});
