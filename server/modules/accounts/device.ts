// A browser that has signed in before as an address carries a device cookie for it (OWASP's
// "device cookie" defence against lockout): requests for a sign-in link from that browser are
// counted apart from everyone else's, so a flood against the address cannot lock its owner out.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { hashToken, newToken, sameToken } from './tokens.ts';

const YEAR_SECONDS = 365 * 24 * 60 * 60;

export function deviceCookieName(config: Pick<Config, 'isProduction'>) {
  return config.isProduction ? '__Host-kindred_device' : 'kindred_device';
}

/** nonce.mac, where mac binds the nonce to one address: nothing is stored on the server. */
const mac = (secret: string, email: string, nonce: string) =>
  hashToken(secret, `device|${email}|${nonce}`);

/** After a sign-in: this browser is now known to be one its owner uses. */
export function setDeviceCookie(
  reply: FastifyReply,
  deps: { config: Config; secret: string },
  email: string,
) {
  const nonce = newToken();
  reply.setCookie(deviceCookieName(deps.config), `${nonce}.${mac(deps.secret, email, nonce)}`, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.isProduction || deps.config.publicUrl.protocol === 'https:',
    maxAge: YEAR_SECONDS,
  });
}

/**
 * The browser's device id when it has signed in as this address before (the cookie's nonce, to
 * count its own requests by), else undefined.
 */
export function knownDevice(
  request: FastifyRequest,
  deps: { config: Config; secret: string },
  email: string,
): string | undefined {
  const value = request.cookies[deviceCookieName(deps.config)];
  const [nonce, given] = value?.split('.') ?? [];
  if (!nonce || !given) return undefined;
  return sameToken(given, mac(deps.secret, email, nonce)) ? nonce : undefined;
}
