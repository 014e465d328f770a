import type { matchEvents, matches, responses } from '../../db/schema/index.ts';
import type { Group, Membership } from '../groups/types.ts';
import type { Post } from '../posts/types.ts';
import type { Role } from './policy.ts';

export type Response = typeof responses.$inferSelect;
export type Match = typeof matches.$inferSelect;
export type MatchEventKind = (typeof matchEvents.$inferInsert)['kind'];

/** A match as loaded for one of its people, with their role in it. */
export type LoadedMatch = {
  match: Match;
  post: Post;
  group: Group;
  membership: Membership | undefined;
  role: Role;
};
