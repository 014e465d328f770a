import type { Deps } from '../../deps.ts';
import { conflict } from '../../http/errors.ts';
import type { User } from '../accounts/types.ts';
import * as policy from './policy.ts';
import * as store from './store.ts';
import type { LoadedMatch } from './types.ts';

/** A message in the match's thread; the thread is read-only once the match has ended. */
export async function sendMessage(
  deps: Pick<Deps, 'pool'>,
  options: { loaded: LoadedMatch; user: User; body: string },
) {
  const { loaded, user } = options;
  if (!policy.matchAbilities(loaded, user.id).canMessage) {
    throw conflict('match-ended', 'This match has ended; its thread is kept but closed.');
  }
  const { match } = loaded;
  // The message, its timeline entry and the other side's notification: one statement.
  return store.sendMessageAndNotify(deps.pool, {
    matchId: match.id,
    authorId: user.id,
    body: options.body,
    people: [match.askerId, match.helperId],
  });
}
