// The moderation log, for other modules' commands that moderate (removing or banning a member).
import type { Tx } from '../../db/client.ts';
import { type ModerationActionValues, recordAction } from './store.ts';

/** Writes who did what, to whom, why and when, in the transaction of the change. */
export const logModeration = (tx: Tx, values: ModerationActionValues) => recordAction(tx, values);
