import { describe, expect, it } from 'vitest';
import { matchAbilities, roleIn } from './policy.ts';
import type { Match } from './types.ts';

const DAY = 86_400_000;
const match = (values: Partial<Match> = {}): Match => ({
  id: 'm',
  postId: 'p',
  askerId: 'asha',
  helperId: 'hugo',
  responseId: null,
  status: 'accepted',
  matchedBy: 'asha',
  thankYou: null,
  createdAt: new Date(),
  doneAt: null,
  endedAt: null,
  remindedAt: null,
  followedUpAt: null,
  escalatedAt: null,
  ...values,
});
type Member = { status: 'pending' | 'active' | 'banned'; role: 'member' | 'moderator' | 'admin' };
const member: Member = { status: 'active', role: 'member' };
const moderator: Member = { status: 'active', role: 'moderator' };
const post = { isOnBehalf: false, authorId: 'asha' };
const group = { confirmAfterDays: 7 };

function abilities(m: Match, userId: string, membership: Member = member) {
  const role = roleIn(m, membership, userId);
  if (!role) return null;
  return matchAbilities({ match: m, post, group, membership, role }, userId);
}

describe('the people of a match', () => {
  it('are its asker, its helper and the group’s moderators; a replaced helper is no one', () => {
    expect(roleIn(match(), member, 'asha')).toBe('asker');
    expect(roleIn(match(), member, 'hugo')).toBe('helper');
    expect(roleIn(match(), moderator, 'mo')).toBe('moderator');
    expect(roleIn(match(), member, 'ben')).toBeNull();
    expect(roleIn(match({ status: 'reassigned' }), member, 'hugo')).toBeNull();
    expect(roleIn(match({ status: 'withdrawn' }), member, 'hugo')).toBeNull();
    // A moderator who was once the helper still moderates.
    expect(roleIn(match({ status: 'withdrawn' }), moderator, 'hugo')).toBe('moderator');
  });
});

describe('what each may do', () => {
  it('follows the match: the helper says done, the asker confirms, either withdraws', () => {
    expect(abilities(match(), 'hugo')).toMatchObject({
      canComplete: true,
      canConfirm: false,
      canWithdraw: true,
      canMessage: true,
    });
    // Confirming waits until the helper has said it is done.
    expect(abilities(match(), 'asha')).toMatchObject({ canComplete: false, canConfirm: false });
    expect(abilities(match({ status: 'done' }), 'asha')).toMatchObject({ canConfirm: true });
    expect(abilities(match({ status: 'done' }), 'hugo')).toMatchObject({ canComplete: false });
    expect(abilities(match({ status: 'confirmed' }), 'asha')).toMatchObject({
      canConfirm: false,
      canWithdraw: false,
      canMessage: false,
    });
    expect(abilities(match(), 'mo', moderator)).toMatchObject({
      canConfirm: false,
      canWithdraw: false,
    });
  });

  it('lets a moderator close a done match only after the group’s waiting time', () => {
    const recently = match({ status: 'done', doneAt: new Date(Date.now() - 2 * DAY) });
    const longAgo = match({ status: 'done', doneAt: new Date(Date.now() - 8 * DAY) });
    expect(abilities(recently, 'mo', moderator)?.canClose).toBe(false);
    expect(abilities(longAgo, 'mo', moderator)?.canClose).toBe(true);
    expect(abilities(longAgo, 'asha')?.canClose).toBe(false);
  });
});
