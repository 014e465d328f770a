import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, useTestApp } from '../../test/support/app.ts';
import { uniqueEmail } from '../../test/support/factories.ts';
import { linkIn, startSmtp } from '../../test/support/smtp.ts';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp.close());
const t = useTestApp(() => ({ SMTP_URL: smtp.url }));

describe('email over SMTP', () => {
  it('delivers the sign-in link with a neutral subject, in the person’s language', async () => {
    const email = uniqueEmail('smtp');
    await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      payload: { email, displayName: 'Zoé', locale: 'fr' },
    });
    const mail = await smtp.waitFor(email);
    expect(mail.subject).toBe('Votre lien de connexion Kindred');
    expect(linkIn(mail)).toMatch(/^http:\/\/localhost:3000\/auth\/confirm#token=/);
  });
});

describe('logs (SAFETY 22)', () => {
  it('never hold emails, tokens, passwords or session cookies', async () => {
    const email = uniqueEmail('private');
    const password = 'my secret passphrase';
    await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      payload: { email, displayName: 'Pat' },
    });
    const token = linkIn(await smtp.waitFor(email)).split('#token=')[1]!;
    const confirmed = await t.request({
      method: 'POST',
      url: '/api/v1/auth/email-link/confirm',
      payload: { token },
    });
    expect(confirmed.statusCode).toBe(200);
    const session = confirmed.cookies[0]!.value;
    const cookie = `kindred_session=${session}`;
    await t.request({
      method: 'PUT',
      url: '/api/v1/me/password',
      cookie,
      payload: { newPassword: password },
    });
    await t.request({
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { email, password: 'wrong guess' },
    });
    await t.request({ method: 'POST', url: '/api/v1/auth/password', payload: { email, password } });
    await t.request({ url: `/api/v1/me?email=${encodeURIComponent(email)}`, cookie });

    const logs = t.logs.join('\n');
    expect(logs).toContain('request completed'); // the log is really being written
    for (const secret of [email, token, session, password, 'private-']) {
      expect(logs).not.toContain(secret);
    }
  });
});

describe('a mail server that refuses', () => {
  it('is logged by its codes, never with the address', async () => {
    const refusing = await startSmtp({ refuse: true });
    const app = await createTestApp({ SMTP_URL: refusing.url });
    try {
      const email = uniqueEmail('refused');
      const response = await app.request({
        method: 'POST',
        url: '/api/v1/auth/sign-up',
        payload: { email, displayName: 'Ro' },
      });
      expect(response.statusCode).toBe(202); // the person is not told anything different
      await expect
        .poll(() => app.logs.join('\n'))
        .toContain('an email was refused by the mail server and will not be retried');
      const logs = app.logs.join('\n');
      expect(logs).toContain('550');
      expect(logs).not.toContain(email);
    } finally {
      await app.close();
      await refusing.close();
    }
  });
});
