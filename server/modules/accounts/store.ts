import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { withCompiledMapper } from '../../db/rows.ts';
import { accessTokens, sessions, setupTokens, signInLinks, users } from '../../db/schema/index.ts';
import type { SignInLink, User } from './types.ts';

type Conn = Db | Tx;

export type { SignInLink, User } from './types.ts';

export async function findUserByEmail(db: Conn, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, email));
  return user;
}

export async function findUserById(db: Conn, id: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

export async function insertUser(
  db: Conn,
  values: Pick<typeof users.$inferInsert, 'email' | 'displayName'> &
    Partial<Pick<typeof users.$inferInsert, 'locale' | 'isAdmin' | 'emailVerifiedAt'>>,
): Promise<User> {
  const [user] = await db.insert(users).values(values).returning();
  return user!;
}

export async function updateUser(
  db: Conn,
  id: string,
  values: Partial<
    Pick<
      typeof users.$inferInsert,
      | 'displayName'
      | 'locale'
      | 'languages'
      | 'passwordHash'
      | 'isAdmin'
      | 'emailVerifiedAt'
      | 'disabledAt'
      | 'quickExitSignsOut'
    >
  >,
): Promise<User> {
  const [user] = await db
    .update(users)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning();
  return user!;
}

export async function hasAdmin(db: Conn): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.isAdmin, true), isNull(users.disabledAt)))
    .limit(1);
  return row !== undefined;
}

// Sessions

export async function insertSession(
  db: Conn,
  values: { id: string; userId: string; expiresAt: Date },
): Promise<void> {
  await db.insert(sessions).values(values);
}

/** The session and its user, when neither idle nor absolute timeout has passed. */
/**
 * Every signed-in request starts here, so it is a named prepared statement built once per
 * database handle: drizzle does not rebuild the SQL and PostgreSQL does not re-plan it.
 */
function liveSessionQuery(db: Db) {
  const query = db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, sql.placeholder('id')),
        gt(sessions.expiresAt, sql`now()`),
        gt(
          sessions.lastSeenAt,
          sql`now() - ${sql.placeholder('idleMs')}::bigint * interval '1 millisecond'`,
        ),
        isNull(users.disabledAt),
      ),
    )
    .prepare('live_session');
  return withCompiledMapper(query);
}
const liveSessionQueries = new WeakMap<Db, ReturnType<typeof liveSessionQuery>>();

export async function findLiveSession(db: Db, id: string, idleMs: number) {
  let query = liveSessionQueries.get(db);
  if (!query) {
    query = liveSessionQuery(db);
    liveSessionQueries.set(db, query);
  }
  const [row] = await query.execute({ id, idleMs });
  return row;
}

export async function touchSession(db: Conn, id: string): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, id));
}

export async function deleteSession(db: Conn, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteUserSessions(db: Conn, userId: string): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(eq(sessions.userId, userId))
    .returning({ id: sessions.id });
  return deleted.length;
}

export async function deleteExpiredSessions(db: Conn, idleMs: number): Promise<void> {
  await db
    .delete(sessions)
    .where(
      sql`${sessions.expiresAt} <= now() OR ${sessions.lastSeenAt} <= now() - ${idleMs} * interval '1 millisecond'`,
    );
}

// Sign-in links

/**
 * Inserts a link and marks every earlier unused link for that email as superseded. Takes a
 * per-email lock, so two requests at once still leave exactly one live link (SAFETY 10).
 */
export async function insertSignInLink(
  tx: Tx,
  values: {
    email: string;
    tokenHash: string;
    displayName: string | null;
    locale: string;
    expiresAt: Date;
  },
): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`sign-in-link:${values.email}`}))`);
  await tx
    .update(signInLinks)
    .set({ supersededAt: sql`now()` })
    .where(
      and(
        eq(signInLinks.email, values.email),
        isNull(signInLinks.usedAt),
        isNull(signInLinks.supersededAt),
      ),
    );
  await tx.insert(signInLinks).values(values);
}

export async function lockSignInLink(tx: Tx, tokenHash: string): Promise<SignInLink | undefined> {
  const [link] = await tx
    .select()
    .from(signInLinks)
    .where(eq(signInLinks.tokenHash, tokenHash))
    .for('update');
  return link;
}

export async function markSignInLinkUsed(tx: Tx, id: string): Promise<void> {
  await tx.update(signInLinks).set({ usedAt: sql`now()` }).where(eq(signInLinks.id, id));
}

// Personal access tokens

export async function insertAccessToken(
  db: Conn,
  values: { userId: string; name: string; tokenHash: string },
) {
  const [row] = await db.insert(accessTokens).values(values).returning();
  return row!;
}

export async function findUserByAccessToken(db: Conn, tokenHash: string) {
  const [row] = await db
    .select({ token: accessTokens, user: users })
    .from(accessTokens)
    .innerJoin(users, eq(users.id, accessTokens.userId))
    .where(
      and(
        eq(accessTokens.tokenHash, tokenHash),
        isNull(accessTokens.revokedAt),
        isNull(users.disabledAt),
      ),
    );
  return row;
}

export async function touchAccessToken(db: Conn, id: string): Promise<void> {
  await db.update(accessTokens).set({ lastUsedAt: sql`now()` }).where(eq(accessTokens.id, id));
}

export async function listAccessTokens(db: Conn, userId: string) {
  return db
    .select()
    .from(accessTokens)
    .where(eq(accessTokens.userId, userId))
    .orderBy(accessTokens.createdAt);
}

export async function revokeAccessTokens(
  db: Conn,
  where: { userId: string; id?: string },
): Promise<number> {
  const rows = await db
    .update(accessTokens)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(accessTokens.userId, where.userId),
        isNull(accessTokens.revokedAt),
        where.id ? eq(accessTokens.id, where.id) : undefined,
      ),
    )
    .returning({ id: accessTokens.id });
  return rows.length;
}

// Setup (first administrator)

/** Replaces any earlier setup link with this one (run in a transaction). */
export async function insertSetupToken(tx: Tx, values: { tokenHash: string; expiresAt: Date }) {
  await tx
    .update(setupTokens)
    .set({ supersededAt: sql`now()` })
    .where(and(isNull(setupTokens.usedAt), isNull(setupTokens.supersededAt)));
  await tx.insert(setupTokens).values(values);
}

export async function lockLiveSetupToken(tx: Tx, tokenHash: string) {
  const [row] = await tx
    .select()
    .from(setupTokens)
    .where(
      and(
        eq(setupTokens.tokenHash, tokenHash),
        isNull(setupTokens.usedAt),
        isNull(setupTokens.supersededAt),
        gt(setupTokens.expiresAt, sql`now()`),
      ),
    )
    .for('update');
  return row;
}

export async function markSetupTokenUsed(tx: Tx, id: string) {
  await tx.update(setupTokens).set({ usedAt: sql`now()` }).where(eq(setupTokens.id, id));
}

export async function deleteOtherSessions(db: Conn, userId: string, keepId: string | null) {
  await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keepId ? sql`${sessions.id} <> ${keepId}` : undefined));
}
