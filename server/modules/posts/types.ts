import type { postPrivate, posts } from '../../db/schema/index.ts';
import type { Group, Membership } from '../groups/types.ts';

/**
 * A post's columns as the server reads them: all but `search`, the generated text-search vector
 * (only ever matched in SQL; as text it is longer than the title and body it is made of).
 */
export type Post = Omit<typeof posts.$inferSelect, 'search'>;
export type NewPost = typeof posts.$inferInsert;
/** An ask's private record: address, phone, notes, exact point (SAFETY 1). */
export type PrivateRow = typeof postPrivate.$inferSelect;

/** A post with its group and the reader's membership, as loaded for one request. */
export type LoadedPost = {
  post: Post;
  group: Group;
  membership: Membership | undefined;
  /** What the reader has done on the post, when loaded for a reader. */
  mine?: Array<{ what: string; value: string }>;
};
