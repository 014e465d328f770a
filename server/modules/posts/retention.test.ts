import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/support/app.ts';
import { addMember, makeGroup, makePost, makeUser } from '../../../test/support/factories.ts';
import { postPrivate, posts } from '../../db/schema/index.ts';
import { purgeClosedPrivateRecords } from './retention.ts';

const t = useTestApp();

const DAY = 86_400_000;
const details = {
  address: '1 Retention Road',
  phone: null,
  accessNotes: null,
  contactPreference: null,
  point: { latitude: 48.43, longitude: -123.36 },
};

describe('private records are purged after the ask ends (SAFETY 7)', () => {
  it('deletes them 30 days after closing, expiry or removal, and keeps the rest', async () => {
    const { group } = await makeGroup(t.deps);
    const asker = await makeUser(t.deps);
    await addMember(t.deps, group, asker);
    const ask = () => makePost(t.deps, { group, author: asker, input: { private: details } });
    const [closedLongAgo, closedRecently, expiredLongAgo, removedLongAgo, open] = await Promise.all(
      [ask(), ask(), ask(), ask(), ask()],
    );
    const set = (id: string, values: Partial<typeof posts.$inferInsert>) =>
      t.db.update(posts).set(values).where(eq(posts.id, id));
    await set(closedLongAgo.id, {
      status: 'closed',
      closedReason: 'fulfilled',
      closedAt: new Date(Date.now() - 31 * DAY),
    });
    await set(closedRecently.id, {
      status: 'closed',
      closedReason: 'fulfilled',
      closedAt: new Date(Date.now() - 5 * DAY),
    });
    await set(expiredLongAgo.id, { expiresAt: new Date(Date.now() - 31 * DAY) });
    await set(removedLongAgo.id, { removedAt: new Date(Date.now() - 31 * DAY) });

    expect(await purgeClosedPrivateRecords(t.deps.db, 30)).toBe(3);
    const left = await t.db.select({ postId: postPrivate.postId }).from(postPrivate);
    const ids = left.map((row) => row.postId);
    for (const gone of [closedLongAgo, expiredLongAgo, removedLongAgo])
      expect(ids).not.toContain(gone.id);
    for (const kept of [closedRecently, open]) expect(ids).toContain(kept.id);
    const [purgedPost] = await t.db.select().from(posts).where(eq(posts.id, closedLongAgo.id));
    expect(purgedPost).toMatchObject({
      latitude: null,
      longitude: null,
      title: closedLongAgo.title,
    });
  });
});
