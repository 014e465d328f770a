import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { AppDeps } from '../deps.ts';
import { authenticateAccessToken } from '../modules/accounts/access-tokens.ts';
import { resumeSession } from '../modules/accounts/sessions.ts';
import type { User } from '../modules/accounts/types.ts';
import { AppError, signInRequired } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    /** The HMAC id of the browser session, when signed in by cookie. */
    sessionId: string | null;
    /** The raw cookie value, for rotating it at sign-in. */
    sessionToken: string | null;
  }
}

/** `__Host-` in production: the cookie is then Secure, host-only and Path=/ (SAFETY 12). */
export function sessionCookieName(config: Config) {
  return config.isProduction ? '__Host-kindred_session' : 'kindred_session';
}

const cookieOptions = (config: Config) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: config.isProduction || config.publicUrl.protocol === 'https:',
});

export function setSessionCookie(reply: FastifyReply, config: Config, token: string) {
  reply.setCookie(sessionCookieName(config), token, {
    ...cookieOptions(config),
    maxAge: Math.floor(config.sessionMaxMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config) {
  reply.clearCookie(sessionCookieName(config), cookieOptions(config));
}

/** Methods that change nothing. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who is calling: a bearer token (scripts) or a session cookie (browsers). */
export function registerAuthentication(app: FastifyInstance, deps: AppDeps) {
  app.decorateRequest('user', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('sessionToken', null);
  const cookieName = sessionCookieName(deps.config);

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const user = match ? await authenticateAccessToken(deps, match[1]!) : undefined;
      if (!user) {
        throw new AppError(
          401,
          'token-invalid',
          'The access token is not valid, or has been revoked.',
          {
            headers: { 'www-authenticate': 'Bearer' },
          },
        );
      }
      request.user = user;
      return;
    }
    const token = request.cookies[cookieName];
    if (!token) return;
    request.sessionToken = token;
    const session = await resumeSession(deps, token);
    if (session) {
      request.user = session.user;
      request.sessionId = session.sessionId;
    }
  });
}

/** The signed-in user, or a 401 problem. */
export function requireUser(request: FastifyRequest): User {
  if (!request.user) throw signInRequired();
  return request.user;
}
