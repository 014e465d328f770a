import {
  and,
  asc,
  eq,
  gt,
  ilike,
  inArray,
  isNotNull,
  isNull,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { noteGroup } from '../../cache/noted-groups.ts';
import type { Db, Tx } from '../../db/client.ts';
import { withCompiledMapper } from '../../db/rows.ts';
import { groupInvites, groups, memberships, users } from '../../db/schema/index.ts';
import { likeContains } from '../../db/sql.ts';

import type { Group, Membership, NewGroup } from './types.ts';

type Conn = Db | Tx;

export { type GroupSummaryRow, summaryColumns } from './columns.ts';
export type { Group, Invite, Membership, NewGroup } from './types.ts';

export async function findGroupBySlug(db: Conn, slug: string): Promise<Group | undefined> {
  const [group] = await db.select().from(groups).where(eq(groups.slug, slug));
  return group;
}

const NO_ONE = '00000000-0000-0000-0000-000000000000';

function groupWithMembershipQuery(db: Db) {
  const query = db
    .select({ group: groups, membership: memberships })
    .from(groups)
    .leftJoin(
      memberships,
      and(eq(memberships.groupId, groups.id), eq(memberships.userId, sql.placeholder('userId'))),
    )
    .where(eq(groups.slug, sql.placeholder('slug')))
    .prepare('group_with_membership');
  return withCompiledMapper(query);
}
const groupWithMembershipQueries = new WeakMap<Db, ReturnType<typeof groupWithMembershipQuery>>();

/**
 * A group and one person's membership of it, in one query (every group route starts here): a
 * named statement built once, as it runs on nearly every request.
 */
export async function findGroupWithMembership(
  db: Db,
  slug: string,
  userId: string | null,
): Promise<{ group: Group; membership: Membership | undefined } | undefined> {
  let query = groupWithMembershipQueries.get(db);
  if (!query) {
    query = groupWithMembershipQuery(db);
    groupWithMembershipQueries.set(db, query);
  }
  const [row] = await query.execute({ slug, userId: userId ?? NO_ONE });
  if (row) noteGroup(row.group.id);
  return row ? { group: row.group, membership: row.membership ?? undefined } : undefined;
}

/** Groups by id, each with one person's membership of it, in one query (lists across groups). */
export async function findGroupsWithMembership(db: Conn, ids: string[], userId: string | null) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ group: groups, membership: memberships })
    .from(groups)
    .leftJoin(
      memberships,
      and(eq(memberships.groupId, groups.id), eq(memberships.userId, userId ?? NO_ONE)),
    )
    .where(inArray(groups.id, ids));
  return rows.map((row) => ({ group: row.group, membership: row.membership ?? undefined }));
}

export async function findGroupById(db: Conn, id: string): Promise<Group | undefined> {
  const [group] = await db.select().from(groups).where(eq(groups.id, id));
  return group;
}

export async function slugExists(db: Conn, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: groups.id }).from(groups).where(eq(groups.slug, slug));
  return row !== undefined;
}

export async function insertGroup(db: Conn, values: NewGroup): Promise<Group> {
  const [group] = await db.insert(groups).values(values).returning();
  return group!;
}

export async function updateGroup(db: Conn, id: string, values: Partial<NewGroup>): Promise<Group> {
  const [group] = await db
    .update(groups)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(groups.id, id))
    .returning();
  return group!;
}

export async function findMembership(
  db: Conn,
  groupId: string,
  userId: string,
): Promise<Membership | undefined> {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.groupId, groupId), eq(memberships.userId, userId)));
  return row;
}

/** The caller's membership row, locked for the rest of the transaction. */
export async function lockMembership(tx: Tx, groupId: string, userId: string) {
  const [row] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.groupId, groupId), eq(memberships.userId, userId)))
    .for('update');
  return row;
}

export async function upsertMembership(
  db: Conn,
  values: typeof memberships.$inferInsert,
): Promise<Membership> {
  const [row] = await db
    .insert(memberships)
    .values(values)
    .onConflictDoUpdate({
      target: [memberships.groupId, memberships.userId],
      set: {
        role: values.role ?? 'member',
        status: values.status,
        joinAnswers: values.joinAnswers ?? [],
        inviteId: values.inviteId ?? null,
        requestedAt: sql`now()`,
        joinedAt: values.joinedAt ?? null,
        decidedBy: values.decidedBy ?? null,
        decidedAt: values.decidedAt ?? null,
      },
    })
    .returning();
  return row!;
}

export async function updateMembership(
  db: Conn,
  groupId: string,
  userId: string,
  values: Partial<typeof memberships.$inferInsert>,
): Promise<Membership> {
  const [row] = await db
    .update(memberships)
    .set(values)
    .where(and(eq(memberships.groupId, groupId), eq(memberships.userId, userId)))
    .returning();
  return row!;
}

export async function deleteMembership(db: Conn, groupId: string, userId: string) {
  await db
    .delete(memberships)
    .where(and(eq(memberships.groupId, groupId), eq(memberships.userId, userId)));
}

export async function countActiveMembers(db: Conn, groupId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.groupId, groupId), eq(memberships.status, 'active')));
  return row?.count ?? 0;
}

export async function countAdmins(db: Conn, groupId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(memberships)
    .where(
      and(
        eq(memberships.groupId, groupId),
        eq(memberships.status, 'active'),
        eq(memberships.role, 'admin'),
      ),
    );
  return row?.count ?? 0;
}

/**
 * The children of a group that this person may know of: public and listed ones, and hidden
 * ones they are an active member of. Scoped in SQL, never filtered after loading.
 */
export async function visibleChildren(db: Conn, parentId: string, userId: string | null) {
  // Groups and networks someone started show once listed (listing.ts); pods, never in the
  // directory, show inside their group as they are.
  const listed = and(
    inArray(groups.visibility, ['public', 'listed']),
    or(eq(groups.kind, 'pod'), isNotNull(groups.listedAt)),
  );
  const knowable = userId
    ? or(
        listed,
        sql`EXISTS (SELECT 1 FROM ${memberships} m WHERE m.group_id = ${groups.id}
              AND m.user_id = ${userId} AND m.status = 'active')`,
      )
    : listed;
  return db
    .select()
    .from(groups)
    .where(and(eq(groups.parentId, parentId), knowable))
    .orderBy(asc(sql`lower(${groups.name})`), asc(groups.id))
    .limit(500);
}

/** The groups someone belongs to or has asked to join, newest first. */
export async function groupsOf(db: Conn, userId: string) {
  return db
    .select({ group: groups, membership: memberships })
    .from(memberships)
    .innerJoin(groups, eq(groups.id, memberships.groupId))
    .where(and(eq(memberships.userId, userId), inArray(memberships.status, ['active', 'pending'])))
    .orderBy(sql`${memberships.requestedAt} DESC`)
    .limit(500);
}

/** Escape LIKE wildcards in user text, so "100%" finds "100%" and not everything. */

export type MemberRow = {
  userId: string;
  displayName: string;
  role: Membership['role'];
  status: Membership['status'];
  joinAnswers: Membership['joinAnswers'];
  requestedAt: Date;
  joinedAt: Date | null;
  isIdChecked: boolean;
};

const memberColumns = {
  userId: users.id,
  displayName: users.displayName,
  role: memberships.role,
  status: memberships.status,
  joinAnswers: memberships.joinAnswers,
  requestedAt: memberships.requestedAt,
  joinedAt: memberships.joinedAt,
  isIdChecked: sql<boolean>`EXISTS (SELECT 1 FROM id_checks ic
    WHERE ic.group_id = ${memberships.groupId} AND ic.user_id = ${memberships.userId})`,
};

export async function findMemberRow(
  db: Conn,
  groupId: string,
  userId: string,
): Promise<MemberRow | undefined> {
  const [row] = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.groupId, groupId), eq(memberships.userId, userId)));
  return row;
}

/** One page of members by name; the cursor is the last (lower name, id) seen. */
/** How many members, pending requests and bans a group has (for its moderators). */
export async function memberCounts(db: Conn, groupId: string) {
  const rows = await db
    .select({ status: memberships.status, count: sql<number>`count(*)::int` })
    .from(memberships)
    .where(eq(memberships.groupId, groupId))
    .groupBy(memberships.status);
  const counts = { active: 0, pending: 0, banned: 0 };
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}

/** The group's active moderators and admins: who hears of requests to join. */
export async function moderatorIds(db: Conn, groupId: string) {
  const rows = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(
      and(
        eq(memberships.groupId, groupId),
        eq(memberships.status, 'active'),
        inArray(memberships.role, ['moderator', 'admin']),
      ),
    );
  return rows.map((row) => row.id);
}

export async function listMembers(
  db: Conn,
  options: {
    groupId: string;
    status: Membership['status'];
    q?: string | undefined;
    role?: Membership['role'] | undefined;
    idChecked?: boolean | undefined;
    limit: number;
    after?: { name: string; id: string } | undefined;
  },
): Promise<MemberRow[]> {
  const conditions: SQL[] = [
    eq(memberships.groupId, options.groupId),
    eq(memberships.status, options.status),
  ];
  if (options.q) conditions.push(ilike(users.displayName, likeContains(options.q)));
  if (options.role) conditions.push(eq(memberships.role, options.role));
  if (options.idChecked) conditions.push(memberColumns.isIdChecked);
  if (options.after) {
    conditions.push(
      or(
        gt(sql`lower(${users.displayName})`, options.after.name),
        and(
          eq(sql`lower(${users.displayName})`, options.after.name),
          gt(users.id, options.after.id),
        ),
      )!,
    );
  }
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(...conditions))
    .orderBy(asc(sql`lower(${users.displayName})`), asc(users.id))
    .limit(options.limit);
}

export async function insertInvite(db: Conn, values: typeof groupInvites.$inferInsert) {
  const [invite] = await db.insert(groupInvites).values(values).returning();
  return invite!;
}

export async function listInvites(db: Conn, groupId: string) {
  return db
    .select()
    .from(groupInvites)
    .where(eq(groupInvites.groupId, groupId))
    .orderBy(sql`${groupInvites.createdAt} DESC`)
    .limit(200);
}

export async function findInviteByHash(db: Conn, tokenHash: string) {
  const [invite] = await db
    .select()
    .from(groupInvites)
    .where(eq(groupInvites.tokenHash, tokenHash));
  return invite;
}

/** Count one use, only while the invite is live: the check and the count are one statement. */
export async function spendInvite(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx
    .update(groupInvites)
    .set({ uses: sql`${groupInvites.uses} + 1` })
    .where(
      and(
        eq(groupInvites.id, id),
        isNull(groupInvites.revokedAt),
        gt(groupInvites.expiresAt, sql`now()`),
        sql`${groupInvites.uses} < ${groupInvites.maxUses}`,
      ),
    )
    .returning({ id: groupInvites.id });
  return rows.length === 1;
}

export async function revokeInvite(db: Conn, groupId: string, inviteId: string) {
  const rows = await db
    .update(groupInvites)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(groupInvites.id, inviteId), eq(groupInvites.groupId, groupId)))
    .returning({ id: groupInvites.id });
  return rows.length === 1;
}
