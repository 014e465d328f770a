import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAccepted,
  ZConfirmLink,
  ZMe,
  ZPasswordSignIn,
  ZRequestLink,
  ZSetPassword,
  ZSetupAdmin,
  ZSetupStatus,
  ZSignUp,
  ZUpdateMe,
} from '../../../common/accounts.ts';
import { ZProblem } from '../../../common/problem.ts';
import type { Deps } from '../../deps.ts';
import { clearSessionCookie, requireUser, setSessionCookie } from '../../http/auth.ts';
import { createLimiter } from '../../http/rate-limit.ts';
import { removeAllDevices } from '../notifications/push.ts';
import { knownDevice, setDeviceCookie } from './device.ts';
import { presentMe } from './present.ts';
import { endAllSessions, endSession } from './sessions.ts';
import { completeSetup } from './setup.ts';
import {
  confirmSignInLink,
  requestSignInLink,
  setPassword,
  signInWithPassword,
  signUp,
} from './sign-in.ts';
import * as store from './store.ts';

const MINUTE = 60_000;
const CHECK_EMAIL =
  'If this email address can be used, a sign-in link is on its way. It works once, for 15 minutes.';

const problems = {
  400: ZProblem,
  401: ZProblem,
  403: ZProblem,
  409: ZProblem,
  410: ZProblem,
  429: ZProblem,
};

export async function accountRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // SAFETY 13: per IP and per email. Failures and link requests count per email *and* IP, so a
  // stranger hammering someone's address from one network cannot lock the real owner out.
  const limit = {
    linkIp: createLimiter(app, { name: 'link-ip', max: 30, windowMs: 15 * MINUTE }),
    linkEmailIp: createLimiter(app, { name: 'link-email-ip', max: 5, windowMs: 60 * MINUTE }),
    // Only against flooding an inbox from many networks at once; the owner's own browser passes.
    linkEmail: createLimiter(app, { name: 'link-email', max: 20, windowMs: 60 * MINUTE }),
    linkDevice: createLimiter(app, { name: 'link-device', max: 10, windowMs: 60 * MINUTE }),
    confirmIp: createLimiter(app, { name: 'confirm-ip', max: 60, windowMs: 15 * MINUTE }),
    passwordIp: createLimiter(app, { name: 'password-ip', max: 50, windowMs: 15 * MINUTE }),
    passwordEmailIp: createLimiter(app, {
      name: 'password-email-ip',
      max: 10,
      windowMs: 15 * MINUTE,
    }),
  };
  /**
   * An emailed link is counted per IP, per email and IP, and per email; from a browser that has
   * signed in as this address before (its device cookie), per that browser instead.
   */
  const limitLinks = async (request: FastifyRequest, email: string) => {
    const device = knownDevice(request, deps, email);
    if (device) return limit.linkDevice(request, device);
    await limit.linkIp(request);
    await limit.linkEmailIp(request, `${email}|${request.ip}`);
    await limit.linkEmail(request, email);
  };

  api.post(
    '/api/v1/auth/sign-up',
    {
      config: { changesAccount: true },
      schema: {
        tags: ['accounts'],
        summary: 'Create an account: emails a link that finishes sign-up',
        body: ZSignUp,
        response: { 202: ZAccepted, ...problems },
      },
    },
    async (request, reply) => {
      await limitLinks(request, request.body.email);
      await signUp(deps, request.body);
      return reply.code(202).send({ message: CHECK_EMAIL });
    },
  );

  api.post(
    '/api/v1/auth/email-link',
    {
      config: { changesAccount: true },
      schema: {
        tags: ['accounts'],
        summary: 'Email a sign-in link',
        body: ZRequestLink,
        response: { 202: ZAccepted, ...problems },
      },
    },
    async (request, reply) => {
      await limitLinks(request, request.body.email);
      await requestSignInLink(deps, request.body);
      return reply.code(202).send({ message: CHECK_EMAIL });
    },
  );

  api.post(
    '/api/v1/auth/email-link/confirm',
    {
      config: { changesAccount: true },
      schema: {
        tags: ['accounts'],
        summary: 'Spend an emailed link and sign in',
        description:
          'Links are spent by this POST only, so a mail scanner following the link spends nothing.',
        body: ZConfirmLink,
        response: { 200: ZMe, ...problems },
      },
    },
    async (request, reply) => {
      await limit.confirmIp(request);
      const { user, sessionToken } = await confirmSignInLink(deps, {
        token: request.body.token,
        previousSessionToken: request.sessionToken ?? undefined,
      });
      setSessionCookie(reply, deps.config, sessionToken);
      setDeviceCookie(reply, deps, user.email);
      return presentMe(user);
    },
  );

  api.post(
    '/api/v1/auth/password',
    {
      config: { changesAccount: true },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with email and password',
        body: ZPasswordSignIn,
        response: { 200: ZMe, ...problems },
      },
    },
    async (request, reply) => {
      await limit.passwordIp(request);
      await limit.passwordEmailIp(request, `${request.body.email}|${request.ip}`);
      const { user, sessionToken } = await signInWithPassword(deps, {
        ...request.body,
        previousSessionToken: request.sessionToken ?? undefined,
      });
      setSessionCookie(reply, deps.config, sessionToken);
      setDeviceCookie(reply, deps, user.email);
      return presentMe(user);
    },
  );

  api.post(
    '/api/v1/auth/sign-out',
    {
      config: { changesAccount: true },
      schema: {
        tags: ['accounts'],
        summary: 'Sign out of this browser',
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      if (request.sessionId) await endSession(deps, request.sessionId);
      clearSessionCookie(reply, deps.config);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/v1/auth/quick-exit',
    {
      config: { changesAccount: true },
      schema: {
        tags: ['accounts'],
        summary:
          'Quick exit for someone who chose it to sign them out: ends this session and tells the browser to forget Kindred (Clear-Site-Data)',
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      if (request.sessionId) await endSession(deps, request.sessionId);
      clearSessionCookie(reply, deps.config);
      // Cookies (the device cookie too) and anything cached; the page clears its own storage,
      // keeping only the note that it has exited (so Back shows nothing).
      reply.header('clear-site-data', '"cache", "cookies"');
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/v1/auth/sign-out-everywhere',
    {
      config: { changesAccount: true },
      schema: {
        tags: ['accounts'],
        summary: 'End every session of this account, on every device',
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await endAllSessions(deps, user.id);
      // A lost phone stops getting pushes too (they are neutral, but still the person's news).
      await removeAllDevices(deps.db, user.id);
      clearSessionCookie(reply, deps.config);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['accounts'],
        summary: 'The signed-in account',
        response: { 200: ZMe, ...problems },
      },
    },
    async (request) => presentMe(requireUser(request)),
  );

  api.patch(
    '/api/v1/me',
    {
      config: { changesAccount: true },
      schema: {
        tags: ['accounts'],
        summary: 'Change display name, preferred language or the languages I speak',
        body: ZUpdateMe,
        response: { 200: ZMe, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      // The schema is an allow-list: anything else in the body (isAdmin, email...) is dropped (SAFETY 18).
      const { displayName, locale, languages, quickExitSignsOut } = request.body;
      const updated = await store.updateUser(deps.db, user.id, {
        displayName,
        locale,
        languages,
        quickExitSignsOut,
      });
      return presentMe(updated);
    },
  );

  api.put(
    '/api/v1/me/password',
    {
      config: { changesAccount: true },
      schema: {
        tags: ['accounts'],
        summary: 'Set or change my password',
        body: ZSetPassword,
        response: { 200: ZMe, ...problems },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await limit.passwordIp(request);
      const updated = await setPassword(deps, {
        user,
        ...request.body,
        keepSessionId: request.sessionId,
      });
      return presentMe(updated);
    },
  );

  api.get(
    '/api/v1/setup',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Whether this instance still needs its first administrator',
        response: { 200: ZSetupStatus },
      },
    },
    async () => ({ isNeeded: !(await store.hasAdmin(deps.db)) }),
  );

  api.post(
    '/api/v1/setup',
    {
      config: { changesAccount: true },
      schema: {
        tags: ['accounts'],
        summary: 'Create the first administrator with the one-time link printed at start-up',
        body: ZSetupAdmin,
        response: { 201: ZMe, ...problems },
      },
    },
    async (request, reply) => {
      await limit.confirmIp(request);
      const { user, sessionToken } = await completeSetup(deps, request.body);
      setSessionCookie(reply, deps.config, sessionToken);
      setDeviceCookie(reply, deps, user.email);
      return reply.code(201).send(presentMe(user));
    },
  );
}
