import { describe, expect, it } from 'vitest';
import { createTestApp, ORIGIN, type TestApp, useTestApp } from '../../test/support/app.ts';
import { makeUser, signIn, uniqueEmail } from '../../test/support/factories.ts';

const t = useTestApp();

describe('security headers (SAFETY 20)', () => {
  it('sends a CSP without inline script, frame-ancestors none, nosniff and a referrer policy on pages', async () => {
    const page = await t.request({ url: '/sign-in' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['strict-transport-security']).toBeUndefined();
  });

  it('marks API answers no-store', async () => {
    const me = await t.request({
      url: '/api/v1/me',
      cookie: await signIn(t.deps, await makeUser(t.deps)),
    });
    expect(me.headers['cache-control']).toBe('no-store');
  });

  it('in production adds HSTS and uses a Secure __Host- cookie', async () => {
    const prod = await createTestApp({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://help.example.org',
      SMTP_URL: 'smtp://127.0.0.1:9',
    });
    try {
      const page = await prod.request({ url: '/', headers: { host: 'help.example.org' } });
      expect(page.headers['strict-transport-security']).toContain('max-age=31536000');
      const user = await makeUser(prod.deps, { password: 'a fine password' });
      const response = await prod.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { origin: 'https://help.example.org' },
        payload: { email: user.email, password: 'a fine password' },
      });
      const cookie = response.cookies[0]!;
      expect(cookie).toMatchObject({
        name: '__Host-kindred_session',
        secure: true,
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
      });
      expect(cookie.domain).toBeUndefined();
      expect((await prod.request({ url: '/dev/outbox.json' })).statusCode).toBe(404);
      expect((await prod.request({ url: '/dev/outbox' })).body).not.toContain(
        'Emails Kindred would have sent',
      );
    } finally {
      await prod.close();
    }
  });
});

describe('origin checks (SAFETY 16)', () => {
  it('refuses a state-changing request from another site, signed in or not', async () => {
    const cookie = await signIn(t.deps, await makeUser(t.deps));
    const patch = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { origin: 'https://evil.example', cookie },
      payload: { displayName: 'Pwned' },
    });
    expect(patch.statusCode).toBe(403);
    expect(patch.json().code).toBe('foreign-origin');
    const loginCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/email-link',
      headers: { origin: 'https://evil.example' },
      payload: { email: uniqueEmail() },
    });
    expect(loginCsrf.statusCode).toBe(403);
  });

  it('refuses a session-cookie write with no Origin, and one marked cross-site', async () => {
    const cookie = await signIn(t.deps, await makeUser(t.deps));
    const bare = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie },
    });
    expect(bare.statusCode).toBe(403);
    const crossSite = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect((await t.request({ url: '/api/v1/me', cookie })).statusCode).toBe(200);
  });

  it('accepts our own origin, and the host the request was addressed to', async () => {
    const cookie = await signIn(t.deps, await makeUser(t.deps));
    const ours = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { origin: ORIGIN, cookie },
      payload: { displayName: 'Fine' },
    });
    expect(ours.statusCode).toBe(200);
    const sameHost = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000', cookie },
      payload: { displayName: 'Fine too' },
    });
    expect(sameHost.statusCode).toBe(200);
  });

  it('changes nothing on GET', async () => {
    const response = await t.request({ url: '/api/v1/auth/sign-out' });
    expect(response.statusCode).toBe(404);
  });
});

describe('client IP and TRUST_PROXY (SAFETY 21)', () => {
  const hammer = async (app: TestApp, email: string) => {
    for (let i = 0; i < 10; i++) {
      await app.request({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { 'x-forwarded-for': '192.0.2.1' },
        payload: { email, password: `guess number ${i}` },
      });
    }
    return app.request({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { 'x-forwarded-for': '192.0.2.2' },
      payload: { email, password: 'guess number 11' },
    });
  };

  it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
    expect((await hammer(t, uniqueEmail())).statusCode).toBe(429);
  });

  it('uses X-Forwarded-For when TRUST_PROXY is set', async () => {
    const proxied = await createTestApp({ TRUST_PROXY: 'true' });
    try {
      expect((await hammer(proxied, uniqueEmail())).statusCode).toBe(401);
    } finally {
      await proxied.close();
    }
  });
});

describe('errors and paths', () => {
  it('answers an unknown API path with a problem+json 404', async () => {
    const response = await t.request({ url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 404, code: 'not-found', title: 'Not found' });
  });

  it('serves the web app on other paths, but not for missing files', async () => {
    for (const url of ['/', '/auth/confirm', '/profile']) {
      const page = await t.request({ url });
      expect(page.statusCode, url).toBe(200);
      expect(page.body).toContain('<html');
    }
    expect((await t.request({ url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it('turns an oversized body into a problem, not a crash', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      payload: { email: uniqueEmail(), displayName: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('publishes the OpenAPI document and a docs page', async () => {
    const doc = await t.request({ url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toMatch(/^3\./);
    expect(Object.keys(doc.json().paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/me',
        '/api/v1/auth/sign-up',
        '/api/health',
        '/api/v1/groups',
        '/api/v1/groups/{slug}',
        '/api/v1/groups/{slug}/members',
        '/api/v1/groups.geojson',
        '/api/v1/groups/import',
        '/api/v1/invites/accept',
        '/api/v1/places',
      ]),
    );
    const docs = await t.request({ url: '/api/docs' });
    expect([200, 302]).toContain(docs.statusCode);
  });

  it('reports health of server and database', async () => {
    const response = await t.request({ url: '/api/health' });
    expect(response.json()).toEqual({ status: 'ok', server: 'ok', database: 'ok' });
    t.deps.lifecycle.isShuttingDown = true;
    try {
      const draining = await t.request({ url: '/api/health' });
      expect(draining.statusCode).toBe(503);
      expect(draining.json().server).toBe('shutting-down');
    } finally {
      t.deps.lifecycle.isShuttingDown = false;
    }
  });
});
