import { describe, expect, it } from 'vitest';
import { canRead, mayReadPrivate, postAbilities } from './policy.ts';

type Member = { status: 'pending' | 'active' | 'banned'; role: 'member' | 'moderator' | 'admin' };
const member: Member = { status: 'active', role: 'member' };
const moderator: Member = { status: 'active', role: 'moderator' };
const pending: Member = { status: 'pending', role: 'member' };
const banned: Member = { status: 'banned', role: 'member' };
const post = { authorId: 'asha', removedAt: null, isHeld: false };

describe('who reads an ask’s private record (SAFETY 1, 3)', () => {
  const rule = (membership: Member | undefined, userId: string | null, helper: string | null) =>
    mayReadPrivate({ post, membership, userId, liveHelperId: helper });

  it('is its asker, the group’s moderators and the live match’s helper while a member', () => {
    expect(rule(member, 'asha', null)).toBe(true);
    expect(rule(moderator, 'mo', null)).toBe(true);
    expect(rule(member, 'hugo', 'hugo')).toBe(true);
  });

  it('is nobody else: other members, a helper who left, someone signed out', () => {
    expect(rule(member, 'ben', null)).toBe(false);
    expect(rule(member, 'ben', 'hugo')).toBe(false);
    expect(rule(undefined, 'hugo', 'hugo')).toBe(false);
    expect(rule(pending, 'hugo', 'hugo')).toBe(false);
    expect(rule(banned, 'hugo', 'hugo')).toBe(false);
    expect(rule(undefined, null, null)).toBe(false);
  });
});

describe('what a reader may do with a post', () => {
  it('lets its author edit only while a member (a former member of a public group cannot)', () => {
    const as = (membership: Member | undefined, userId: string) =>
      postAbilities({ post, membership, userId, liveHelperId: null });
    expect(as(member, 'asha').canEdit).toBe(true);
    expect(as(undefined, 'asha').canEdit).toBe(false);
    expect(as(banned, 'asha').canEdit).toBe(false);
    expect(as(member, 'ben').canEdit).toBe(false);
    expect(as(moderator, 'mo')).toMatchObject({ canEdit: false, canModerate: true });
  });

  it('shows held posts to their author and moderators only, and removed ones to nobody', () => {
    const group = { visibility: 'public' } as const;
    const held = { ...post, isHeld: true };
    expect(canRead(group, member, held, 'asha')).toBe(true);
    expect(canRead(group, moderator, held, 'mo')).toBe(true);
    expect(canRead(group, member, held, 'ben')).toBe(false);
    expect(canRead(group, moderator, { ...post, removedAt: new Date() }, 'mo')).toBe(false);
    expect(canRead({ visibility: 'listed' }, undefined, post, null)).toBe(false);
    expect(canRead(group, banned, post, 'bob')).toBe(false);
  });
});
