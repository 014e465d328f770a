import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { makeUser } from '../../test/support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

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
