import type { LiveToken, SessionCache } from '../../cache/session-cache.ts';
import type { Deps } from '../../deps.ts';
import * as store from './store.ts';
import { ACCESS_TOKEN_PREFIX, hashToken, newToken } from './tokens.ts';

/** Creates a personal access token; the token itself is shown once and never stored. */
export async function createAccessToken(
  deps: Pick<Deps, 'db' | 'secret'>,
  input: { userId: string; name: string },
) {
  const token = newToken(ACCESS_TOKEN_PREFIX);
  const row = await store.insertAccessToken(deps.db, {
    userId: input.userId,
    name: input.name,
    tokenHash: hashToken(deps.secret, token),
  });
  return { id: row.id, token };
}

const TOUCH_EVERY_MS = 60_000;

/**
 * The user behind a bearer token, or undefined for an unknown or revoked one. With
 * `accessTokens`, a token looked up in the last few seconds is taken from memory (see
 * createSessionCache: revoking it, or any change to its person, is announced).
 */
export async function authenticateAccessToken(
  deps: Pick<Deps, 'db' | 'secret'> & { accessTokens?: SessionCache<LiveToken> },
  token: string,
) {
  if (!token.startsWith(ACCESS_TOKEN_PREFIX)) return undefined;
  const hash = hashToken(deps.secret, token);
  const load = async () => {
    const found = await store.findUserByAccessToken(deps.db, hash);
    return found && { ...found, userId: found.user.id };
  };
  const found = deps.accessTokens ? await deps.accessTokens.get(hash, load) : await load();
  if (!found) return undefined;
  const lastUsed = found.token.lastUsedAt?.getTime() ?? 0;
  if (Date.now() - lastUsed > TOUCH_EVERY_MS) {
    await store.touchAccessToken(deps.db, found.token.id);
    deps.accessTokens?.forget(hash);
  }
  return found.user;
}
