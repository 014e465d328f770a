import type { LiveSession, SessionCache } from '../../cache/session-cache.ts';
import type { Db, Tx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import * as store from './store.ts';
import { hashToken, newToken } from './tokens.ts';

/** Starts a session for a user and returns the cookie value (stored only as its HMAC). */
export async function startSession(
  deps: Pick<Deps, 'config' | 'secret'>,
  db: Db | Tx,
  userId: string,
  previousToken?: string,
): Promise<string> {
  // A fresh id at every sign-in, and the old one ended: no session fixation (SAFETY 12).
  if (previousToken) await store.deleteSession(db, hashToken(deps.secret, previousToken));
  const token = newToken();
  await store.insertSession(db, {
    id: hashToken(deps.secret, token),
    userId,
    expiresAt: new Date(Date.now() + deps.config.sessionMaxMs),
  });
  return token;
}

const TOUCH_EVERY_MS = 60_000;

/**
 * The signed-in user for a cookie value, or undefined when the session is over. With `sessions`,
 * a session looked up in the last few seconds is taken from memory (see createSessionCache).
 */
export async function resumeSession(
  deps: Pick<Deps, 'config' | 'secret' | 'db'> & { sessions?: SessionCache<LiveSession> },
  token: string,
) {
  const id = hashToken(deps.secret, token);
  const idleMs = deps.config.sessionIdleMs;
  const load = async () => {
    const found = await store.findLiveSession(deps.db, id, idleMs);
    return found && { ...found, userId: found.user.id };
  };
  const found = deps.sessions ? await deps.sessions.get(id, load) : await load();
  if (!found) return undefined;
  const now = Date.now();
  // A session kept in memory is held to the limits the lookup applies.
  if (
    found.session.expiresAt.getTime() <= now ||
    found.session.lastSeenAt.getTime() <= now - idleMs
  ) {
    deps.sessions?.forget(id);
    return undefined;
  }
  // One write a minute at most per session, not one per request.
  if (now - found.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await store.touchSession(deps.db, id);
    deps.sessions?.forget(id);
  }
  return { user: found.user, sessionId: id };
}

export async function endSession(deps: Pick<Deps, 'db'>, sessionId: string) {
  await store.deleteSession(deps.db, sessionId);
}

export async function endAllSessions(deps: Pick<Deps, 'db'>, userId: string) {
  return store.deleteUserSessions(deps.db, userId);
}
