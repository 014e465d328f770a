import { describe, expect, it } from 'vitest';
import { createTestApp, useTestApp } from '../../test/support/app.ts';
import { makeUser, signIn } from '../../test/support/factories.ts';

const t = useTestApp();

describe('the development outbox', () => {
  it('lists the emails Kindred would have sent, with their links', async () => {
    const user = await makeUser(t.deps);
    await t.request({
      method: 'POST',
      url: '/api/v1/auth/email-link',
      payload: { email: user.email },
    });
    await expect
      .poll(async () =>
        (await t.request({ url: '/dev/outbox.json' }))
          .json()
          .some((m: { to: string }) => m.to === user.email),
      )
      .toBe(true);
    const page = await t.request({ url: '/dev/outbox' });
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toMatch(
      /<a href="http:\/\/localhost:3000\/auth\/confirm#token=[A-Za-z0-9_-]+">/,
    );
    expect(t.logs.join('\n')).toContain('/auth/confirm#token='); // outbox mode prints the link to click
  });

  it('shows what people typed as text, never as markup', async () => {
    await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      payload: { email: 'xss@example.org', displayName: '<script>alert(1)</script>' },
    });
    await t.deps.mailer.send({
      to: 'x@example.org',
      subject: '<img src=x onerror=alert(1)>',
      text: 'hello <b>there</b>',
      html: '',
    });
    const page = await t.request({ url: '/dev/outbox' });
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).not.toContain('<b>there</b>');
  });
});

describe('the development outbox from another machine', () => {
  it('is not there (404), unless the reader is an instance administrator', async () => {
    const away = { remoteAddress: '203.0.113.9' };
    for (const url of ['/dev/outbox', '/dev/outbox.json']) {
      const fromAway = await t.request({ url, ...away });
      expect(fromAway.statusCode).toBe(404);
      expect(fromAway.body).not.toContain('#token=');
      const member = await signIn(t.deps, await makeUser(t.deps));
      expect((await t.request({ url, ...away, cookie: member })).statusCode).toBe(404);
      const admin = await signIn(t.deps, await makeUser(t.deps, { isAdmin: true }));
      expect((await t.request({ url, ...away, cookie: admin })).statusCode).toBe(200);
      // From this machine, as in development.
      expect((await t.request({ url })).statusCode).toBe(200);
    }
  });

  it('behind a trusted proxy, goes by the client the proxy names, not the proxy', async () => {
    const behind = await createTestApp({ TRUST_PROXY: 'true', HOST: '0.0.0.0' });
    try {
      const viaProxy = await behind.request({
        url: '/dev/outbox.json',
        headers: { 'x-forwarded-for': '198.51.100.7' },
      });
      expect(viaProxy.statusCode).toBe(404);
      const local = await behind.request({
        url: '/dev/outbox.json',
        headers: { 'x-forwarded-for': '127.0.0.1' },
      });
      expect(local.statusCode).toBe(200);
    } finally {
      await behind.close();
    }
  });
});
