import type { Deps } from '../../deps.ts';
import { conflict, gone } from '../../http/errors.ts';
import { startSession } from './sessions.ts';
import * as store from './store.ts';
import { hashToken, newToken } from './tokens.ts';

const SETUP_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * While the instance has no administrator, makes a fresh one-time setup link (each start
 * replaces the last) and returns it; returns undefined once an administrator exists.
 */
export async function prepareSetupLink(deps: Pick<Deps, 'db' | 'secret' | 'config'>) {
  if (await store.hasAdmin(deps.db)) return undefined;
  const token = newToken();
  await deps.db.transaction((tx) =>
    store.insertSetupToken(tx, {
      tokenHash: hashToken(deps.secret, token),
      expiresAt: new Date(Date.now() + SETUP_TTL_MS),
    }),
  );
  return new URL(`/setup#token=${token}`, deps.config.publicUrl).href;
}

/** Spends the setup link: creates the first administrator and signs them in. */
export async function completeSetup(
  deps: Pick<Deps, 'db' | 'secret' | 'config'>,
  input: { token: string; email: string; displayName: string },
) {
  return deps.db.transaction(async (tx) => {
    // Serialise concurrent attempts: only one first administrator.
    await tx.execute('LOCK TABLE setup_tokens IN EXCLUSIVE MODE');
    if (await store.hasAdmin(tx)) {
      throw conflict('setup-done', 'This Kindred already has an administrator. Sign in instead.');
    }
    const setup = await store.lockLiveSetupToken(tx, hashToken(deps.secret, input.token));
    if (!setup) {
      throw gone(
        'setup-link-invalid',
        'This setup link is not valid any more. Restart Kindred to print a new one, or use `npx kindred user create --admin`.',
      );
    }
    await store.markSetupTokenUsed(tx, setup.id);
    // Never sign in as someone else's existing account through the setup link.
    if (await store.findUserByEmail(tx, input.email)) {
      throw conflict(
        'email-taken',
        'An account with this email already exists. Use another email address.',
      );
    }
    const user = await store.insertUser(tx, {
      email: input.email,
      displayName: input.displayName,
      isAdmin: true,
      emailVerifiedAt: new Date(),
    });
    const sessionToken = await startSession(deps, tx, user.id);
    return { user, sessionToken };
  });
}
