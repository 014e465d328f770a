import type { TCreatedInvite, TInvite } from '../../../common/groups.ts';
import type { Deps } from '../../deps.ts';
import { forbidden, gone, notFound } from '../../http/errors.ts';
import { hashToken, newToken } from '../accounts/tokens.ts';
import type { User } from '../accounts/types.ts';
import * as policy from './policy.ts';
import type { Group, Invite, Membership } from './store.ts';
import * as store from './store.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

type InviteDeps = Pick<Deps, 'db' | 'config' | 'secret'>;

const isLive = (invite: Invite, now = Date.now()) =>
  invite.revokedAt === null && invite.expiresAt.getTime() > now && invite.uses < invite.maxUses;

export function presentInvite(invite: Invite): TInvite {
  return {
    id: invite.id,
    createdAt: invite.createdAt.toISOString(),
    expiresAt: invite.expiresAt.toISOString(),
    maxUses: invite.maxUses,
    uses: invite.uses,
    isActive: isLive(invite),
  };
}

function requireModerator(membership: Membership | undefined) {
  if (!policy.canModerate(membership)) {
    throw forbidden('not-moderator', "Only the group's moderators can manage invite links.");
  }
}

/** An invite link: its token is shown once, in the link's fragment, and stored only as an HMAC. */
export async function createInvite(
  deps: InviteDeps,
  options: {
    group: Group;
    membership: Membership | undefined;
    user: User;
    expiresInDays: number;
    maxUses: number;
  },
): Promise<TCreatedInvite> {
  requireModerator(options.membership);
  const token = newToken();
  const invite = await store.insertInvite(deps.db, {
    groupId: options.group.id,
    tokenHash: hashToken(deps.secret, token),
    createdBy: options.user.id,
    expiresAt: new Date(Date.now() + options.expiresInDays * DAY_MS),
    maxUses: options.maxUses,
  });
  return {
    ...presentInvite(invite),
    token,
    url: new URL(`/invite#token=${token}`, deps.config.publicUrl).href,
  };
}

export async function listGroupInvites(
  deps: InviteDeps,
  options: { group: Group; membership: Membership | undefined },
) {
  requireModerator(options.membership);
  return (await store.listInvites(deps.db, options.group.id)).map(presentInvite);
}

export async function revokeGroupInvite(
  deps: InviteDeps,
  options: { group: Group; membership: Membership | undefined; inviteId: string },
) {
  requireModerator(options.membership);
  if (!(await store.revokeInvite(deps.db, options.group.id, options.inviteId))) {
    throw notFound('invite');
  }
}

const expired = () =>
  gone(
    'invite-expired',
    'This invite link has expired or been used up. Ask the person who sent it for a new one.',
  );

/** The group an invite leads to: holding a live token is what lets someone see a hidden group's name. */
export async function previewInvite(
  deps: InviteDeps,
  options: { token: string; user: User | null },
) {
  const invite = await store.findInviteByHash(deps.db, hashToken(deps.secret, options.token));
  if (!invite) throw notFound('invite');
  if (!isLive(invite)) throw expired();
  const group = await store.findGroupById(deps.db, invite.groupId);
  if (!group) throw notFound('invite');
  const membership = options.user
    ? await store.findMembership(deps.db, group.id, options.user.id)
    : undefined;
  return { invite, group, membership };
}

/** Joins through an invite, skipping approval but never a ban. */
export async function acceptInvite(deps: InviteDeps, options: { token: string; user: User }) {
  const tokenHash = hashToken(deps.secret, options.token);
  return deps.db.transaction(async (tx) => {
    const invite = await store.findInviteByHash(tx, tokenHash);
    if (!invite) throw notFound('invite');
    const group = await store.findGroupById(tx, invite.groupId);
    if (!group) throw notFound('invite');
    const mine = await store.lockMembership(tx, group.id, options.user.id);
    if (mine?.status === 'banned') throw forbidden('banned', 'You cannot join this group.');
    if (mine?.status === 'active') return { group, membership: mine };
    if (!(await store.spendInvite(tx, invite.id))) throw expired();
    const membership = await store.upsertMembership(tx, {
      groupId: group.id,
      userId: options.user.id,
      status: 'active',
      inviteId: invite.id,
      joinedAt: new Date(),
    });
    return { group, membership };
  });
}
