import type { Db, Tx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { conflict } from '../../http/errors.ts';
import * as store from './store.ts';

/** Creates an account directly (CLI, first administrator); the email counts as verified. */
export async function createUser(
  deps: Pick<Deps, 'db'>,
  input: { email: string; displayName: string; isAdmin?: boolean; locale?: string },
) {
  const existing = await store.findUserByEmail(deps.db, input.email);
  if (existing) throw conflict('email-taken', 'An account with this email already exists.');
  return store.insertUser(deps.db, {
    email: input.email,
    displayName: input.displayName,
    isAdmin: input.isAdmin ?? false,
    locale: input.locale ?? 'en',
    emailVerifiedAt: new Date(),
  });
}

/** Disables an account and ends its sessions at once (SAFETY 12). */
export async function disableUser(deps: Pick<Deps, 'db'>, userId: string) {
  return deps.db.transaction(async (tx) => {
    const user = await store.updateUser(tx, userId, { disabledAt: new Date() });
    await store.deleteUserSessions(tx, userId);
    await store.revokeAccessTokens(tx, { userId });
    return user;
  });
}

export async function enableUser(deps: Pick<Deps, 'db'>, userId: string) {
  return store.updateUser(deps.db, userId, { disabledAt: null });
}

/** A person's account by id, for other modules' commands (inside their transaction if given). */
export function findPerson(db: Db | Tx, userId: string) {
  return store.findUserById(db, userId);
}
