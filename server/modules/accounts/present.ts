import type { TMe } from '../../../common/accounts.ts';
import { toLocale } from '../../../common/constants.ts';
import type { User } from './store.ts';

/** The signed-in person's own view of their account: an allow-list, never the row. */
export function presentMe(user: User): TMe {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    locale: toLocale(user.locale),
    languages: user.languages,
    isAdmin: user.isAdmin,
    hasPassword: user.passwordHash !== null,
    quickExitSignsOut: user.quickExitSignsOut,
    emailUndeliverable: user.emailUndeliverableAt !== null,
    timeZone: user.timeZone,
    createdAt: user.createdAt.toISOString(),
  };
}
