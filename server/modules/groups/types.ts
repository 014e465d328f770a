import type { groupInvites, groups, memberships } from '../../db/schema/index.ts';

/** A network, group or pod, as stored. */
export type Group = typeof groups.$inferSelect;
export type NewGroup = typeof groups.$inferInsert;
/** One person in one group: their role and whether they are pending, active or banned. */
export type Membership = typeof memberships.$inferSelect;
export type Invite = typeof groupInvites.$inferSelect;
