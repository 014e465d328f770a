import { eq, sql } from 'drizzle-orm';
import { toLocale } from '../../../common/constants.ts';
import type { Tx } from '../../db/client.ts';
import { groups } from '../../db/schema/index.ts';
import type { Deps } from '../../deps.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../http/errors.ts';
import { queueEmail } from '../../mail/mailer.ts';
import type { User } from '../accounts/types.ts';
import { findPerson } from '../accounts/users.ts';
import { endHelperInGroup } from '../matching/ending.ts';
import { logModeration } from '../moderation/log.ts';
import { notify } from '../notifications/notify.ts';
import { membershipDecisionEmail } from './emails.ts';
import * as policy from './policy.ts';
import type { Group, Membership } from './store.ts';
import * as store from './store.ts';

type MemberDeps = Pick<Deps, 'db' | 'config' | 'jobs' | 'secret'>;

/** Role and membership changes in one group run one at a time, so "last admin" checks hold. */
async function lockGroup(tx: Tx, groupId: string) {
  await tx.execute(sql`SELECT 1 FROM ${groups} WHERE ${eq(groups.id, groupId)} FOR UPDATE`);
}

const banned = () => forbidden('banned', 'You cannot join this group.');
const lastAdmin = () =>
  conflict(
    'last-admin',
    'You are the last admin of this group. Make another member an admin first, or name one as you leave.',
  );

/** Join: open groups at once, approval groups with answers to the join questions. */
export async function joinGroup(
  deps: MemberDeps,
  options: { group: Group; membership: Membership | undefined; user: User; answers: string[] },
): Promise<Membership> {
  const { group, membership } = options;
  if (policy.isBanned(membership)) throw banned();
  if (membership) return membership;
  if (group.joinPolicy === 'invite') {
    throw forbidden('invite-only', 'This group takes new members by invitation only.');
  }
  if (group.joinPolicy === 'open') {
    return store.upsertMembership(deps.db, {
      groupId: group.id,
      userId: options.user.id,
      status: 'active',
      joinedAt: new Date(),
    });
  }
  const missing = group.joinQuestions
    .map((_question, index) => index)
    .filter((index) => !options.answers[index]?.trim());
  if (missing.length > 0) {
    throw badRequest(
      'answers-needed',
      'Please answer each question.',
      missing.map((index) => ({
        field: `answers.${index}`,
        code: 'required',
        message: 'Please answer this question.',
      })),
    );
  }
  // The request and the word to the group's moderators commit together.
  return deps.db.transaction(async (tx) => {
    const request = await store.upsertMembership(tx, {
      groupId: group.id,
      userId: options.user.id,
      status: 'pending',
      joinAnswers: group.joinQuestions.map((question, index) => ({
        question,
        answer: options.answers[index]!.trim(),
      })),
    });
    await notify(tx, {
      userIds: await store.moderatorIds(tx, group.id),
      kind: 'join-request',
      actorId: options.user.id,
      groupId: group.id,
    });
    return request;
  });
}

/** The person is told by email, queued in the decision's transaction. */
async function tellDecision(
  deps: MemberDeps,
  tx: Tx,
  options: { group: Group; userId: string; decision: 'approved' | 'declined'; message?: string },
) {
  const person = await findPerson(tx, options.userId);
  if (!person || person.disabledAt) return;
  await queueEmail(
    deps,
    tx,
    membershipDecisionEmail({
      to: person.email,
      locale: toLocale(person.locale),
      groupName: options.group.name,
      decision: options.decision,
      message: options.message,
      link: new URL(`/groups/${options.group.slug}`, deps.config.publicUrl).href,
    }),
  );
}

function requireModerator(membership: Membership | undefined) {
  if (!policy.canModerate(membership)) {
    throw forbidden('not-moderator', "Only the group's moderators can do this.");
  }
}

/** A pending request, approved or declined by a moderator (with an optional message). */
export async function decideRequest(
  deps: MemberDeps,
  options: {
    group: Group;
    actor: Membership | undefined;
    actorId: string;
    userId: string;
    decision: 'approved' | 'declined';
    message?: string | undefined;
  },
) {
  requireModerator(options.actor);
  return deps.db.transaction(async (tx) => {
    const target = await store.lockMembership(tx, options.group.id, options.userId);
    if (target?.status !== 'pending') throw notFound('request to join');
    await tellDecision(deps, tx, {
      group: options.group,
      userId: options.userId,
      decision: options.decision,
      ...(options.message ? { message: options.message } : {}),
    });
    if (options.decision === 'declined') {
      await store.deleteMembership(tx, options.group.id, options.userId);
      return target;
    }
    return store.updateMembership(tx, options.group.id, options.userId, {
      status: 'active',
      joinedAt: new Date(),
      decidedBy: options.actorId,
      decidedAt: new Date(),
    });
  });
}

/** Remove (they may ask again) or ban (they may not, and see nothing inside). Lifting a ban is a removal. */
export async function removeOrBan(
  deps: MemberDeps,
  options: {
    group: Group;
    actor: Membership | undefined;
    actorId: string;
    userId: string;
    action: 'remove' | 'ban';
  },
) {
  requireModerator(options.actor);
  if (options.userId === options.actorId) {
    throw badRequest('not-yourself', 'To leave the group, use “Leave”.');
  }
  await deps.db.transaction(async (tx) => {
    const target = await store.lockMembership(tx, options.group.id, options.userId);
    if (options.action === 'remove' && !target) throw notFound('member');
    if (target && !policy.canActOn(options.actor, target)) {
      throw forbidden(
        'outranked',
        target.role === 'admin'
          ? 'Admins cannot be removed or banned. Change their role first.'
          : 'Only an admin can remove or ban a moderator.',
      );
    }
    // Whoever is removed or banned stops helping here at once (SAFETY 3).
    await endHelperInGroup(tx, { groupId: options.group.id, helperId: options.userId });
    await logModeration(tx, {
      groupId: options.group.id,
      actorId: options.actorId,
      action:
        options.action === 'ban'
          ? 'ban-member'
          : target?.status === 'banned'
            ? 'lift-ban'
            : 'remove-member',
      subjectId: options.userId,
    });
    if (options.action === 'remove') {
      await store.deleteMembership(tx, options.group.id, options.userId);
      return;
    }
    const person = await findPerson(tx, options.userId);
    if (!person) throw notFound('member');
    await store.upsertMembership(tx, {
      groupId: options.group.id,
      userId: options.userId,
      role: 'member',
      status: 'banned',
      decidedBy: options.actorId,
      decidedAt: new Date(),
    });
  });
}

/** Admins change roles; the last admin cannot step down without another in place. */
export async function changeRole(
  deps: MemberDeps,
  options: {
    group: Group;
    actor: Membership | undefined;
    userId: string;
    role: Membership['role'];
  },
) {
  if (!policy.canAdminister(options.actor)) {
    throw forbidden('not-admin', "Only the group's admins can change roles.");
  }
  return deps.db.transaction(async (tx) => {
    await lockGroup(tx, options.group.id);
    const target = await store.findMembership(tx, options.group.id, options.userId);
    if (target?.status !== 'active') throw notFound('member');
    if (target.role === 'admin' && options.role !== 'admin') {
      if ((await store.countAdmins(tx, options.group.id)) <= 1) throw lastAdmin();
    }
    return store.updateMembership(tx, options.group.id, options.userId, { role: options.role });
  });
}

/** Leave (or withdraw a request). The last admin names someone to take over. */
export async function leaveGroup(
  deps: MemberDeps,
  options: { group: Group; user: User; newAdminId?: string | undefined },
) {
  await deps.db.transaction(async (tx) => {
    await lockGroup(tx, options.group.id);
    const mine = await store.findMembership(tx, options.group.id, options.user.id);
    // A ban outlives leaving: the banned cannot clear it by "leaving".
    if (!mine || mine.status === 'banned') throw notFound('membership');
    if (mine.status === 'active' && mine.role === 'admin') {
      if ((await store.countAdmins(tx, options.group.id)) <= 1) {
        if (!options.newAdminId) throw lastAdmin();
        const next = await store.findMembership(tx, options.group.id, options.newAdminId);
        if (next?.status !== 'active' || next.userId === options.user.id) {
          throw new AppError(400, 'new-admin-not-member', 'Choose an active member of the group.', {
            errors: [
              {
                field: 'newAdminId',
                code: 'not-member',
                message: 'Choose an active member of the group.',
              },
            ],
          });
        }
        await store.updateMembership(tx, options.group.id, options.newAdminId, { role: 'admin' });
      }
    }
    // A helper who leaves stops helping here: their live matches end (SAFETY 3).
    if (mine.status === 'active') {
      await endHelperInGroup(tx, { groupId: options.group.id, helperId: options.user.id });
    }
    await store.deleteMembership(tx, options.group.id, options.user.id);
  });
}
