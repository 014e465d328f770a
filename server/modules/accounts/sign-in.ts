import { type TLocale, toLocale } from '../../../common/constants.ts';
import type { Deps } from '../../deps.ts';
import { AppError, badRequest, gone } from '../../http/errors.ts';
import { queueEmail } from '../../mail/mailer.ts';
import { type SignInEmailKind, signInEmail } from './emails.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { startSession } from './sessions.ts';
import * as store from './store.ts';
import { hashToken, newToken } from './tokens.ts';

export const LINK_TTL_MS = 15 * 60 * 1000;

type LinkDeps = Pick<Deps, 'db' | 'config' | 'secret' | 'jobs'>;

/** A new link (the older ones stop working) and its email, queued in the same transaction. */
async function sendLink(
  deps: LinkDeps,
  options: { email: string; displayName: string | null; locale: TLocale; kind: SignInEmailKind },
) {
  const token = newToken();
  // The token travels in the fragment: never in a server log, never in a Referer header.
  const link = new URL(`/auth/confirm#token=${token}`, deps.config.publicUrl).href;
  await deps.db.transaction(async (tx) => {
    await store.insertSignInLink(tx, {
      email: options.email,
      tokenHash: hashToken(deps.secret, token),
      displayName: options.displayName,
      locale: options.locale,
      expiresAt: new Date(Date.now() + LINK_TTL_MS),
    });
    await queueEmail(
      deps,
      tx,
      signInEmail({ to: options.email, link, locale: options.locale, kind: options.kind }),
    );
  });
}

/**
 * Sign-up sends a link; the account is created when the link is confirmed. Whether or not
 * the email already has an account, the caller sees the same answer (SAFETY 14).
 */
export async function signUp(
  deps: LinkDeps,
  input: { email: string; displayName: string; locale?: TLocale },
): Promise<void> {
  const existing = await store.findUserByEmail(deps.db, input.email);
  if (existing?.disabledAt) return;
  if (existing) {
    await sendLink(deps, {
      email: existing.email,
      displayName: null,
      locale: toLocale(existing.locale),
      kind: 'already-registered',
    });
    return;
  }
  await sendLink(deps, {
    email: input.email,
    displayName: input.displayName,
    locale: input.locale ?? 'en',
    kind: 'welcome',
  });
}

/** Sends a sign-in link to an existing, enabled account; silently nothing otherwise. */
export async function requestSignInLink(deps: LinkDeps, input: { email: string }): Promise<void> {
  const user = await store.findUserByEmail(deps.db, input.email);
  if (!user || user.disabledAt) return;
  await sendLink(deps, {
    email: user.email,
    displayName: null,
    locale: toLocale(user.locale),
    kind: 'sign-in',
  });
}

/**
 * Spends a sign-in link (SAFETY 10: once, within 15 minutes, only the newest) and starts a
 * session, creating the account when the link came from sign-up.
 */
export async function confirmSignInLink(
  deps: Pick<Deps, 'db' | 'config' | 'secret'>,
  input: { token: string; previousSessionToken?: string },
) {
  return deps.db.transaction(async (tx) => {
    const link = await store.lockSignInLink(tx, hashToken(deps.secret, input.token));
    if (!link) {
      throw badRequest(
        'link-invalid',
        'This sign-in link is not valid. Check that you opened the whole link, or ask for a new one.',
      );
    }
    if (link.usedAt)
      throw gone('link-used', 'This sign-in link has already been used. Ask for a new one.');
    if (link.supersededAt) {
      throw gone(
        'link-superseded',
        'A newer sign-in link was sent after this one. Use the newest email, or ask for a new link.',
      );
    }
    if (link.expiresAt.getTime() <= Date.now()) {
      throw gone(
        'link-expired',
        'This sign-in link has expired: links work for 15 minutes. Ask for a new one.',
      );
    }
    await store.markSignInLinkUsed(tx, link.id);

    let user = await store.findUserByEmail(tx, link.email);
    if (!user && link.displayName) {
      user = await store.insertUser(tx, {
        email: link.email,
        displayName: link.displayName,
        locale: link.locale,
        emailVerifiedAt: new Date(),
      });
    }
    if (!user)
      throw badRequest('link-invalid', 'This sign-in link is not valid. Ask for a new one.');
    if (user.disabledAt)
      throw new AppError(403, 'account-disabled', 'This account has been disabled.');
    if (!user.emailVerifiedAt)
      user = await store.updateUser(tx, user.id, { emailVerifiedAt: new Date() });

    const sessionToken = await startSession(deps, tx, user.id, input.previousSessionToken);
    return { user, sessionToken };
  });
}

const wrongCredentials = () =>
  new AppError(
    401,
    'wrong-credentials',
    'That email and password do not match an account. Check them, or sign in with an emailed link.',
  );

export async function signInWithPassword(
  deps: Pick<Deps, 'db' | 'config' | 'secret'>,
  input: { email: string; password: string; previousSessionToken?: string },
) {
  const user = await store.findUserByEmail(deps.db, input.email);
  const isRight = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !isRight || user.disabledAt) throw wrongCredentials();
  const sessionToken = await startSession(deps, deps.db, user.id, input.previousSessionToken);
  return { user, sessionToken };
}

/** Sets or changes a password; changing one needs the current one and ends the other sessions. */
export async function setPassword(
  deps: Pick<Deps, 'db'>,
  input: {
    user: store.User;
    currentPassword?: string;
    newPassword: string;
    keepSessionId: string | null;
  },
) {
  const { user } = input;
  if (user.passwordHash) {
    const isRight = await verifyPassword(user.passwordHash, input.currentPassword ?? '');
    if (!isRight) {
      throw badRequest('current-password-wrong', 'Your current password is not right.', [
        {
          field: 'currentPassword',
          code: 'current-password-wrong',
          message: 'Your current password is not right.',
        },
      ]);
    }
  }
  const passwordHash = await hashPassword(input.newPassword);
  return deps.db.transaction(async (tx) => {
    const updated = await store.updateUser(tx, user.id, { passwordHash });
    if (user.passwordHash) await store.deleteOtherSessions(tx, user.id, input.keepSessionId);
    return updated;
  });
}
