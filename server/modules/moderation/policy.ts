// Who may moderate: the group's moderators and admins, in that group only (SAFETY 5).
import * as groupPolicy from '../groups/policy.ts';
import type { Membership } from '../groups/types.ts';

type Member = Pick<Membership, 'status' | 'role'> | undefined;

/** Pin, hold, release and remove posts. */
export const canModeratePosts = (m: Member) => groupPolicy.canModerate(m);
