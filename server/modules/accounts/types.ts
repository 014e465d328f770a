import type { signInLinks, users } from '../../db/schema/index.ts';

/** A person's account, as stored. */
export type User = typeof users.$inferSelect;
export type SignInLink = typeof signInLinks.$inferSelect;
