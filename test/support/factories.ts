import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { TCreateGroup } from '../../common/groups.ts';
import { type TCreatePost, ZCreatePost } from '../../common/posts.ts';
import { devOutbox } from '../../server/db/schema/index.ts';
import type { Deps } from '../../server/deps.ts';
import { sessionCookieName } from '../../server/http/auth.ts';
import { createAccessToken } from '../../server/modules/accounts/access-tokens.ts';
import { hashPassword } from '../../server/modules/accounts/passwords.ts';
import { startSession } from '../../server/modules/accounts/sessions.ts';
import * as store from '../../server/modules/accounts/store.ts';
import { createGroup } from '../../server/modules/groups/groups.ts';
import { confirmListing } from '../../server/modules/groups/listing.ts';
import { findMembership, upsertMembership } from '../../server/modules/groups/store.ts';
import { saveHelperProfile } from '../../server/modules/matching/helper-profiles.ts';
import { acceptResponse } from '../../server/modules/matching/make-match.ts';
import { respond } from '../../server/modules/matching/respond.ts';
import { createPost, loadPost } from '../../server/modules/posts/posts.ts';

type FactoryDeps = Pick<Deps, 'db' | 'pool' | 'config' | 'secret'> & {
  /** The test app's: waits until it has heard the write announced (its caches dropped). */
  settled?: () => Promise<void>;
};

export const uniqueEmail = (label = 'person') =>
  `${label}-${randomBytes(5).toString('hex')}@example.org`;

/** A verified account; pass `password` to give it one. */
export async function makeUser(
  deps: FactoryDeps,
  overrides: Partial<{
    email: string;
    displayName: string;
    isAdmin: boolean;
    locale: string;
    password: string;
  }> = {},
) {
  const user = await store.insertUser(deps.db, {
    email: overrides.email ?? uniqueEmail(),
    displayName: overrides.displayName ?? `Neighbour ${randomBytes(2).toString('hex')}`,
    isAdmin: overrides.isAdmin ?? false,
    locale: overrides.locale ?? 'en',
    emailVerifiedAt: new Date(),
  });
  if (!overrides.password) return user;
  return store.updateUser(deps.db, user.id, {
    passwordHash: await hashPassword(overrides.password),
  });
}

/** A signed-in browser session for the user, as a Cookie header value. */
export async function signIn(deps: FactoryDeps, user: { id: string }) {
  const token = await startSession(deps, deps.db, user.id);
  return `${sessionCookieName(deps.config)}=${token}`;
}

export async function makeAccessToken(deps: FactoryDeps, user: { id: string }, name = 'test') {
  return createAccessToken(deps, { userId: user.id, name });
}

/** The newest sign-in link in the outbox for an address (waits: mail is sent by a job). */
export async function latestLinkFor(
  deps: Pick<Deps, 'db'>,
  email: string,
  count = 1,
): Promise<string> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    // Notification emails go to the same outbox: only the mails that carry a link count.
    const rows = (await deps.db.select().from(devOutbox).where(eq(devOutbox.to, email))).filter(
      (row) => row.text.includes('#token='),
    );
    if (rows.length >= count) {
      const newest = rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]!;
      const match = /#token=([A-Za-z0-9_-]+)/.exec(newest.text);
      if (match) return match[1]!;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no sign-in link for ${email} in the outbox`);
}

export async function outboxCount(deps: Pick<Deps, 'db'>, email: string) {
  const rows = await deps.db.select().from(devOutbox).where(eq(devOutbox.to, email));
  return rows.length;
}

/** The Set-Cookie for the session, parsed. */
export function sessionCookie(
  response: { cookies: Array<{ name: string; value: string }> },
  name: string,
) {
  return response.cookies.find((c) => c.name === name);
}

type GroupOverrides = Partial<Omit<TCreateGroup, 'centre'>> & {
  owner?: Awaited<ReturnType<typeof makeUser>>;
  centre?: { latitude: number; longitude: number };
  /** A public or listed group is in the directory (its creator confirmed) unless this is false. */
  isListed?: boolean;
};

/** A group started by `owner` (made when missing), from the neighbourhood template unless told. */
export async function makeGroup(deps: FactoryDeps, overrides: GroupOverrides = {}) {
  const owner = overrides.owner ?? (await makeUser(deps));
  const { owner: _owner, isListed = true, ...input } = overrides;
  const label = randomBytes(4).toString('hex');
  const group = await createGroup(deps, {
    user: owner,
    input: {
      template: 'neighbourhood',
      slug: `group-${label}`,
      name: `Mutual aid ${label}`,
      centre: { latitude: 48.4284, longitude: -123.3656 },
      radiusKm: 3,
      categories: ['groceries', 'prescriptions'],
      exchangeMode: 'peer',
      visibility: 'public',
      joinPolicy: 'open',
      ...input,
    },
  });
  let made = group;
  if (isListed && group.visibility !== 'hidden') {
    const membership = await findMembership(deps.db, group.id, owner.id);
    made = await confirmListing(deps, { group, membership });
  }
  await deps.settled?.();
  return { group: made, owner };
}

/** Puts a user in a group with a role and status, as if they had joined and been promoted. */
export async function addMember(
  deps: FactoryDeps,
  group: { id: string },
  user: { id: string },
  values: {
    role?: 'member' | 'moderator' | 'admin';
    status?: 'active' | 'pending' | 'banned';
  } = {},
) {
  const membership = await upsertMembership(deps.db, {
    groupId: group.id,
    userId: user.id,
    role: values.role ?? 'member',
    status: values.status ?? 'active',
    joinedAt: values.status === 'pending' ? null : new Date(),
  });
  await deps.settled?.();
  return membership;
}

type Person = Awaited<ReturnType<typeof makeUser>>;
type AGroup = Awaited<ReturnType<typeof makeGroup>>['group'];

/** A post made through the same command the API uses; a group and an author are made if missing. */
export async function makePost(
  deps: FactoryDeps,
  options: { group?: AGroup; author?: Person; input?: Partial<TCreatePost> } = {},
) {
  const group = options.group ?? (await makeGroup(deps)).group;
  let author = options.author;
  if (!author) {
    author = await makeUser(deps);
    await addMember(deps, group, author);
  }
  const membership = await findMembership(deps.db, group.id, author.id);
  const input = ZCreatePost.parse({
    kind: 'ask',
    title: `Groceries please ${randomBytes(3).toString('hex')}`,
    category: 'groceries',
    urgency: 'this-week',
    ...options.input,
  });
  const post = await createPost(deps, { group, membership, user: author, input });
  await deps.settled?.();
  return post;
}

/**
 * "I can help" through the same command the API uses. Missing parents are made: an ask (in a new
 * group) and a helper who is a member of its group.
 */
export async function makeResponse(
  deps: FactoryDeps,
  options: { post?: Awaited<ReturnType<typeof makePost>>; helper?: Person; note?: string } = {},
) {
  const post = options.post ?? (await makePost(deps));
  let helper = options.helper;
  if (!helper) {
    helper = await makeUser(deps);
    await addMember(deps, { id: post.groupId }, helper);
  }
  const loaded = await loadPost(deps, post.id, helper);
  const { response } = await respond(deps, {
    loaded,
    user: helper,
    note: options.note ?? '',
    offerId: null,
  });
  await deps.settled?.();
  return { post, helper, response };
}

/**
 * A live match, made as the asker of a peer group accepts a response. Missing parents are made:
 * the ask (with its group and asker) and the helper.
 */
export async function makeMatch(
  deps: FactoryDeps,
  options: { post?: Awaited<ReturnType<typeof makePost>>; helper?: Person } = {},
) {
  const made = await makeResponse(deps, options);
  const asker = await store.findUserById(deps.db, made.post.authorId);
  const match = await acceptResponse(deps, {
    responseId: made.response.id,
    user: asker!,
    loadPost: (id) => loadPost(deps, id, asker!),
  });
  await deps.settled?.();
  return { ...made, asker: asker!, match };
}

/** A helper profile in a group; the person is made (a member) if missing. */
export async function makeHelperProfile(
  deps: FactoryDeps,
  options: {
    group: AGroup;
    user?: Person;
    profile?: Partial<Parameters<typeof saveHelperProfile>[1]['input']>;
  },
) {
  let user = options.user;
  if (!user) {
    user = await makeUser(deps);
    await addMember(deps, options.group, user);
  }
  const membership = await findMembership(deps.db, options.group.id, user.id);
  await saveHelperProfile(deps.db, {
    group: options.group,
    membership,
    userId: user.id,
    input: {
      categories: ['groceries'],
      travelKm: null,
      availability: '',
      languages: [],
      hasCar: false,
      place: null,
      freeForHours: null,
      ...options.profile,
    },
  });
  await deps.settled?.();
  return user;
}
