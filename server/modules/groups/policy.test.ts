import { describe, expect, it } from 'vitest';
import { canActOn, canKnowOf, childKindFits, groupAbilities } from './policy.ts';

type Member = { status: 'pending' | 'active' | 'banned'; role: 'member' | 'moderator' | 'admin' };
const as = (role: Member['role'], status: Member['status'] = 'active'): Member => ({
  status,
  role,
});

describe('who may do what in a group (SAFETY 5)', () => {
  it('hides a hidden group from all but its active members, the banned included', () => {
    const hidden = { visibility: 'hidden' as const };
    expect(canKnowOf(hidden, as('member'))).toBe(true);
    expect(canKnowOf(hidden, undefined)).toBe(false);
    expect(canKnowOf(hidden, as('member', 'pending'))).toBe(false);
    expect(canKnowOf(hidden, as('admin', 'banned'))).toBe(false);
  });

  it('gives power only from an active membership of this group, ranked', () => {
    const group = {
      visibility: 'public' as const,
      kind: 'group' as const,
      onBehalfBy: 'members' as const,
    };
    expect(groupAbilities(group, undefined)).toEqual({
      canSeeInside: true,
      canModerate: false,
      canAdminister: false,
      canAddChild: false,
      canPostForNeighbour: false,
    });
    expect(groupAbilities(group, as('member')).canPostForNeighbour).toBe(true);
    const strict = { ...group, onBehalfBy: 'moderators' as const };
    expect(groupAbilities(strict, as('member')).canPostForNeighbour).toBe(false);
    expect(groupAbilities(strict, as('moderator')).canPostForNeighbour).toBe(true);
    expect(groupAbilities(group, as('moderator'))).toMatchObject({
      canModerate: true,
      canAdminister: false,
    });
    expect(groupAbilities(group, as('admin', 'pending'))).toMatchObject({ canModerate: false });
    expect(groupAbilities(group, as('member', 'banned')).canSeeInside).toBe(false);
  });

  it('lets moderators act on members, admins on moderators, nobody on admins', () => {
    expect(canActOn(as('moderator'), { role: 'member' })).toBe(true);
    expect(canActOn(as('moderator'), { role: 'moderator' })).toBe(false);
    expect(canActOn(as('admin'), { role: 'moderator' })).toBe(true);
    expect(canActOn(as('admin'), { role: 'admin' })).toBe(false);
    expect(canActOn(as('member'), { role: 'member' })).toBe(false);
  });

  it('nests networks, groups and pods only one way', () => {
    expect(childKindFits(null, 'network')).toBe(true);
    expect(childKindFits({ kind: 'network' }, 'group')).toBe(true);
    expect(childKindFits({ kind: 'group' }, 'pod')).toBe(true);
    expect(childKindFits({ kind: 'pod' }, 'pod')).toBe(false);
    expect(childKindFits({ kind: 'network' }, 'network')).toBe(false);
  });
});
