import type { Deps } from '../../deps.ts';
import { conflict } from '../../http/errors.ts';
import type { User } from '../accounts/types.ts';
import { notify } from '../notifications/notify.ts';
import * as policy from './policy.ts';
import * as store from './store.ts';
import type { LoadedMatch } from './types.ts';

/** A message in the match's thread; the thread is read-only once the match has ended. */
export async function sendMessage(
  deps: Pick<Deps, 'db'>,
  options: { loaded: LoadedMatch; user: User; body: string },
) {
  const { loaded, user } = options;
  if (!policy.matchAbilities(loaded, user.id).canMessage) {
    throw conflict('match-ended', 'This match has ended; its thread is kept but closed.');
  }
  const { match } = loaded;
  return deps.db.transaction(async (tx) => {
    const message = await store.insertMessage(tx, {
      matchId: match.id,
      authorId: user.id,
      body: options.body,
    });
    await store.addEvent(tx, { matchId: match.id, kind: 'message', actorId: user.id });
    await notify(tx, {
      userIds: [match.askerId, match.helperId],
      kind: 'message',
      actorId: user.id,
      matchId: match.id,
    });
    return message;
  });
}
