import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { uniqueEmail } from '../support/factories.ts';
import { linkIn } from '../support/smtp.ts';
import {
  EXIT_PAGE,
  expectAccessible,
  expectNoSidewaysScroll,
  screenshots,
  useStack,
} from './support.ts';

const stack = useStack();

/** Signs up through the pages, as a person would, and returns the link from the email. */
async function signUpThroughPages(
  page: Page,
  names: {
    name: string;
    email: string;
    labels: Record<
      'signUpLink' | 'signUpTitle' | 'name' | 'email' | 'submit' | 'checkTitle',
      RegExp
    >;
  },
) {
  const { labels } = names;
  await page.getByRole('link', { name: labels.signUpLink }).first().click();
  await expect
    .poll(() => page.getByRole('heading', { level: 1 }).textContent())
    .toMatch(labels.signUpTitle);
  await expectAccessible(page);
  await page.getByLabel(labels.name).fill(names.name);
  await page.getByLabel(labels.email).fill(names.email);
  await page.getByRole('button', { name: labels.submit }).click();
  await page.getByRole('heading', { level: 1, name: labels.checkTitle }).waitFor();
  await expectAccessible(page);
  return stack.smtp.waitFor(names.email);
}

describe('signing up by email', () => {
  it('signs up, receives the link by SMTP, confirms it and lands signed in', async () => {
    const page = await stack.newPage({ width: 360 });
    const email = uniqueEmail('ann');
    await page.goto(stack.baseUrl);
    await page.getByRole('heading', { level: 1, name: 'Neighbours helping neighbours' }).waitFor();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshots(page, 'home');

    const mail = await signUpThroughPages(page, {
      name: 'Ann',
      email,
      labels: {
        signUpLink: /^Create an account$/,
        signUpTitle: /Create your account/,
        name: /^Your name/,
        email: /^Email address/,
        submit: /Create account/,
        checkTitle: /Check your email/,
      },
    });
    await screenshots(page, 'check-email');
    expect(mail.subject).toBe('Your Kindred sign-in link');

    // Opening the link spends nothing: the page asks for a press of the button.
    const link = linkIn(mail);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Kindred' }).waitFor();
    expect(page.url()).not.toContain('token='); // taken out of the address bar and history
    await expectAccessible(page);
    await screenshots(page, 'confirm');
    await page.getByRole('button', { name: 'Sign me in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Ann' }).waitFor();
    await expectAccessible(page);
    await screenshots(page, 'signed-in');

    // The same link a second time: a page that says so and offers a new one.
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign me in' }).click();
    await page.getByText('This sign-in link has already been used').waitFor();
    await expectAccessible(page);
    await screenshots(page, 'link-used');
    await page.getByLabel(/^Email address/).fill(email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
    const second = await stack.smtp.waitFor(email, 2);
    expect(linkIn(second)).not.toBe(link);

    // Asking again makes the second link stop working: its page says a newer one was sent.
    await page.getByRole('button', { name: 'Send another link' }).click();
    await page.getByText('Another link is on its way. Only the newest link works.').waitFor();
    await stack.smtp.waitFor(email, 3);
    await page.goto(linkIn(second));
    await page.getByRole('button', { name: 'Sign me in' }).click();
    await page.getByText('A newer sign-in link was sent after this one').waitFor();
    await expectAccessible(page);
    await page.context().close();
  });

  it('works the same in French, with French emails', async () => {
    const page = await stack.newPage({ width: 1280, locale: 'en-GB' });
    const email = uniqueEmail('zoe');
    await page.goto(stack.baseUrl);
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: "Des voisins qui s'entraident" }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expectAccessible(page);

    const mail = await signUpThroughPages(page, {
      name: 'Zoé',
      email,
      labels: {
        signUpLink: /^Créer un compte$/,
        signUpTitle: /Créer votre compte/,
        name: /^Votre nom/,
        email: /^Adresse courriel/,
        submit: /Créer le compte/,
        checkTitle: /Consultez vos courriels/,
      },
    });
    expect(mail.subject).toBe('Votre lien de connexion Kindred');
    expect(mail.text).toContain('Bienvenue sur Kindred');
    await page.goto(linkIn(mail));
    await page.getByRole('button', { name: 'Me connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bienvenue, Zoé' }).waitFor();
    await expectAccessible(page);
    await screenshots(page, 'signed-in-fr');
    await page.context().close();
  });

  it('says what is wrong next to the field, in plain words, before sending anything', async () => {
    const page = await stack.newPage();
    await page.goto(`${stack.baseUrl}/sign-up`);
    await page.getByLabel(/^Your name/).fill('Bo');
    await page.getByLabel(/^Email address/).fill('bo at example');
    await page.getByRole('button', { name: 'Create account' }).click();
    const field = page.getByLabel(/^Email address/);
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Enter an email address like name@example.org.').waitFor();
    await expectAccessible(page);
    await screenshots(page, 'sign-up-error');
    expect(stack.smtp.received.some((m) => m.to.startsWith('bo'))).toBe(false);
    await page.context().close();
  });
});

describe('password, profile and signing out', () => {
  it('sets a long password, signs out, signs back in with it, and signs out everywhere', async () => {
    const page = await stack.newPage();
    const email = uniqueEmail('pat');
    await page.goto(`${stack.baseUrl}/sign-up`);
    await page.getByLabel(/^Your name/).fill('Pat');
    await page.getByLabel(/^Email address/).fill(email);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.goto(linkIn(await stack.smtp.waitFor(email)));
    await page.getByRole('button', { name: 'Sign me in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Pat' }).waitFor();

    await page.getByRole('link', { name: 'Your profile', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Your profile' }).waitFor();
    await expectAccessible(page);
    await screenshots(page, 'profile');

    await page.getByLabel(/^New password/).fill('short');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('Use at least 8 characters.').waitFor();

    const password = 'a long passphrase that is exactly sixty-five characters long, ok?';
    expect(password).toHaveLength(65);
    await page.getByLabel(/^New password/).fill(password);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('Your password is saved.').waitFor();

    await page.getByRole('checkbox', { name: 'French' }).check();
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByText('Your details are saved.').waitFor();

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();

    await page.goto(`${stack.baseUrl}/sign-in`);
    await expectAccessible(page);
    await screenshots(page, 'sign-in');
    // One email field; the password field appears once the person picks it.
    const passwordForm = page.getByRole('main');
    expect(await page.getByLabel(/^Email address/).count()).toBe(1);
    expect(await page.getByLabel(/^Password/).count()).toBe(0);
    await passwordForm.getByLabel(/^Email address/).fill(email);
    await passwordForm.getByRole('radio', { name: /^Use my password/ }).check();
    await screenshots(page, 'sign-in-password');
    await passwordForm.getByLabel(/^Password/).fill('not the password');
    await passwordForm.getByRole('button', { name: 'Sign in with password' }).click();
    await page.getByText('That email and password do not match an account.').waitFor();
    await passwordForm.getByLabel(/^Password/).fill(password);
    await passwordForm.getByRole('button', { name: 'Sign in with password' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Pat' }).waitFor();

    await page.getByRole('link', { name: 'Your profile', exact: true }).click();
    expect(await page.getByRole('checkbox', { name: 'French' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Sign out on every device' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    // This browser signed in with a password last: its field is ready at once, so a password
    // manager can fill both fields.
    await page.goto(`${stack.baseUrl}/sign-in`);
    await page.getByRole('radio', { name: /^Use my password/, checked: true }).waitFor();
    expect(await page.getByLabel(/^Password/).getAttribute('autocomplete')).toBe(
      'current-password',
    );
    await page.context().close();
  });
});

describe('first administrator', () => {
  it('is created from the one-time link printed at start', async () => {
    const link = /(http:\/\/localhost:\d+\/setup#token=[A-Za-z0-9_-]+)/.exec(
      stack.server.output(),
    )?.[1];
    expect(link).toBeDefined();
    const page = await stack.newPage();
    await page.goto(link!);
    await page.getByRole('heading', { level: 1, name: 'Create the first administrator' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel(/^Your name/).fill('Ada');
    await page.getByLabel(/^Email address/).fill(uniqueEmail('ada'));
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByText('You are an administrator of this Kindred.').waitFor();
    await page.context().close();
  });
});

describe('safety and access on every page', () => {
  it('quick exit leaves at once and replaces the history entry (SAFETY 9)', async () => {
    const page = await stack.newPage();
    await page.goto(`${stack.baseUrl}/sign-in`);
    const before = await page.evaluate(() => history.length);
    await page.getByRole('button', { name: 'Quick exit' }).click();
    await page.waitForURL(EXIT_PAGE);
    expect(await page.evaluate(() => history.length)).toBe(before);
    await page.goBack().catch(() => undefined);
    expect(page.url()).not.toContain('/sign-in');
    await page.context().close();
  });

  it('quick exit also answers Escape pressed twice, but not inside a text field', async () => {
    const page = await stack.newPage();
    await page.goto(`${stack.baseUrl}/sign-in`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    // Escape twice in a field clears it in many browsers: a draft must not cost the page.
    const email = page.getByRole('textbox', { name: 'Email address' }).first();
    await email.fill('draft@example.org');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(page.url()).toContain('/sign-in');
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL(EXIT_PAGE);
    await page.context().close();
  });

  it('after quick exit, Back reaches no Kindred page that shows anything', async () => {
    const { page } = await stack.signedInPage({ width: 360 });
    // Through a few pages of the app (each its own history entry), then away.
    await page.goto(stack.baseUrl);
    await page.getByRole('link', { name: 'Groups', exact: true }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Your profile' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Your profile' }).waitFor();
    await page.getByRole('button', { name: 'Quick exit' }).click();
    await page.waitForURL(EXIT_PAGE);
    // Read in the page itself: page.url() may still name Kindred while the exit page has
    // already taken the tab, so the origin is checked by the document that is read.
    const kindred = new URL(stack.baseUrl).origin;
    const showing = async () =>
      page
        .evaluate((origin) => {
          if (location.origin !== origin) return 'not Kindred';
          return document.documentElement.hidden || document.body.innerText.trim() === ''
            ? 'nothing'
            : 'shown';
        }, kindred)
        .catch(() => 'leaving again'); // it navigated away while being read
    for (let i = 0; i < 3; i++) {
      await page.goBack().catch(() => undefined);
      // Wherever Back lands, it is not a Kindred page showing something.
      for (let look = 0; look < 10; look++) {
        expect(await showing()).not.toBe('shown');
        await page.waitForTimeout(50);
      }
    }
    // Still signed in (the person did not choose to be signed out)…
    const me = await page.request.get(`${stack.baseUrl}/api/v1/me`);
    expect(me.status()).toBe(200);
    // …and opening Kindred on purpose works again.
    await page.goto(stack.baseUrl);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.hidden)).toBe(false);
    await page.context().close();
  });

  it('quick exit also signs out and clears the browser for someone who chose it', async () => {
    const { page } = await stack.signedInPage({ width: 360 });
    await page.goto(`${stack.baseUrl}/profile`);
    await page.getByLabel('Quick exit also signs me out of Kindred on this device').check();
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByText('Your details are saved.').waitFor();
    const clearing = page.waitForRequest((r) => r.url().endsWith('/api/v1/auth/quick-exit'));
    await page.getByRole('button', { name: 'Quick exit' }).click();
    expect((await clearing).method()).toBe('POST');
    await page.waitForURL(EXIT_PAGE);
    // The session has ended on the server (the answer's Clear-Site-Data: accounts routes.test).
    await expect
      .poll(async () => (await page.request.get(`${stack.baseUrl}/api/v1/me`)).status())
      .toBe(401);
    await page.context().close();
  });

  it("speaks the account's language once signed in, whatever the browser says", async () => {
    const page = await stack.newPage({ locale: 'en-GB' });
    const email = uniqueEmail('zoe');
    const headers = { origin: stack.baseUrl };
    await page.request.post(`${stack.baseUrl}/api/v1/auth/sign-up`, {
      headers,
      data: { email, displayName: 'Zoé', locale: 'fr' },
    });
    const token = /#token=([A-Za-z0-9_-]+)/.exec(linkIn(await stack.smtp.waitFor(email)))![1]!;
    await page.goto(stack.baseUrl);
    await page.getByRole('link', { name: 'Home' }).waitFor();
    await page.request.post(`${stack.baseUrl}/api/v1/auth/email-link/confirm`, {
      headers,
      data: { token },
    });
    await page.goto(stack.baseUrl);
    await page.getByRole('heading', { level: 1, name: 'Bienvenue, Zoé' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await page.context().close();
  });

  it('works with the keyboard alone: skip link first, then to the content', async () => {
    const page = await stack.newPage();
    await page.goto(`${stack.baseUrl}/sign-up`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    const first = page.locator(':focus');
    expect(await first.textContent()).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('name')).toBe('displayName');
    await page.keyboard.type('Kai');
    await page.keyboard.press('Tab');
    await page.keyboard.type(uniqueEmail('kai'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
    await page.context().close();
  });

  it('says so, in both languages, when its words cannot be downloaded, and reloads', async () => {
    const page = await stack.newPage();
    let refused = 0;
    await page.route(/\/assets\/en-[\w-]+\.js$/, (route) => {
      refused++;
      return route.abort('internetdisconnected');
    });
    await page.goto(`${stack.baseUrl}/sign-in`);
    await page
      .getByRole('heading', {
        level: 1,
        name: 'Kindred could not load · Kindred n’a pas pu se charger',
      })
      .waitFor();
    expect(refused).toBeGreaterThanOrEqual(1);
    await expectAccessible(page);
    await page.unroute(/\/assets\/en-[\w-]+\.js$/);
    await page.getByRole('button', { name: 'Reload · Recharger' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.context().close();
  });

  it('has one h1 on each page and a not-found page for unknown addresses', async () => {
    const page = await stack.newPage();
    for (const route of [
      '/',
      '/sign-in',
      '/sign-up',
      '/check-email',
      '/auth/confirm',
      '/setup',
      '/nowhere',
    ]) {
      await page.goto(`${stack.baseUrl}${route}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.getByRole('heading', { level: 1 }).count(), route).toBe(1);
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
    }
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await page.context().close();
  });
});
