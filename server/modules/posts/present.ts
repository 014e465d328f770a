import type { TCategory, TReaction } from '../../../common/constants.ts';
import { roundPoint } from '../../../common/geo.ts';
import type { TComment, TPost, TPrivateRecord } from '../../../common/posts.ts';
import type { Group, Membership } from '../groups/types.ts';
import { NO_EXTRAS, type PostExtras } from './extras-store.ts';
import * as policy from './policy.ts';
import { effectiveStatus } from './status.ts';
import type { Post, PrivateRow } from './types.ts';

/**
 * A post for one reader, from an allow-list. Outsiders of a public group get the summary:
 * no body, place, author, comments or poll. Never anything from the private record.
 */
export function presentPost(options: {
  post: Post;
  group: Pick<Group, 'slug' | 'name'>;
  membership: Membership | undefined;
  viewerId: string | null;
  extras: PostExtras | undefined;
  distanceKm?: number | null;
}): TPost {
  const { post, membership: m, viewerId } = options;
  const extras: PostExtras = options.extras ?? NO_EXTRAS;
  const whole = policy.canReadWhole(m);
  const isAuthor = policy.isAuthor(post, viewerId);
  const can = policy.postAbilities({
    post,
    membership: m,
    userId: viewerId,
    liveHelperId: extras.liveHelperId,
  });
  const pollOptions = extras.options;
  const myVote = extras.myVote;
  const showResults = myVote !== null || isAuthor;
  return {
    id: post.id,
    group: { slug: options.group.slug, name: options.group.name },
    kind: post.kind,
    category: post.category as TCategory | null,
    title: post.title,
    body: whole ? post.body : null,
    ...effectiveStatus(post),
    urgency: post.urgency,
    neededBy: post.neededBy,
    timeWindow: whole ? post.timeWindow : null,
    peopleCount: whole ? post.peopleCount : null,
    location:
      whole && post.latitude !== null && post.longitude !== null
        ? { latitude: roundPoint(post.latitude), longitude: roundPoint(post.longitude) }
        : null,
    locationName: whole ? post.locationName : '',
    distanceKm:
      options.distanceKm === undefined || options.distanceKm === null
        ? null
        : Math.round(options.distanceKm * 10) / 10,
    availability: whole ? post.availability : null,
    quantity: whole ? post.quantity : null,
    isOngoing: post.isOngoing,
    travelKm: whole ? post.travelKm : null,
    linkUrl: whole ? post.linkUrl : null,
    author: whole ? { id: post.authorId, displayName: extras.authorName } : null,
    isOnBehalf: post.isOnBehalf,
    isPinned: post.isPinned,
    isHeld: post.isHeld,
    isEdited: post.editedAt !== null,
    createdAt: post.createdAt.toISOString(),
    expiresAt: post.expiresAt?.toISOString() ?? null,
    commentCount: whole ? extras.commentCount : 0,
    reactions: whole
      ? extras.reactions.map((row) => ({
          kind: row.kind as TReaction,
          count: row.count,
          isMine: row.isMine,
        }))
      : [],
    poll:
      whole && pollOptions.length > 0
        ? {
            options: pollOptions.map((option) => ({
              id: option.id,
              label: option.label,
              votes: showResults ? option.votes : null,
            })),
            myVote,
            totalVotes: showResults ? pollOptions.reduce((sum, o) => sum + o.votes, 0) : null,
          }
        : null,
    photos: whole
      ? extras.photos.map((photo) => ({
          id: photo.id,
          url: `/api/v1/photos/${photo.id}`,
          thumbnailUrl: `/api/v1/photos/${photo.id}?size=thumb`,
          width: photo.width,
          height: photo.height,
        }))
      : [],
    responseCount: whole ? extras.responseCount : 0,
    myResponse: whole ? (extras.myResponse as TPost['myResponse']) : null,
    // The live match, for the people in it and the group's moderators.
    match:
      extras.liveMatchId &&
      ((viewerId !== null &&
        (viewerId === extras.liveHelperId || viewerId === extras.liveAskerId)) ||
        isAuthor ||
        can.canModerate)
        ? { id: extras.liveMatchId }
        : null,
    thankYou: whole ? extras.thankYou : null,
    isBeingHelped: whole && extras.liveMatchId !== null,
    canEdit: can.canEdit,
    canModerate: can.canModerate,
    hasPrivate: extras.hasPrivate && can.canReadPrivate,
  };
}

export function presentPrivate(row: PrivateRow): TPrivateRecord {
  return {
    address: row.address,
    phone: row.phone,
    accessNotes: row.accessNotes,
    contactPreference: row.contactPreference,
    point:
      row.latitude !== null && row.longitude !== null
        ? { latitude: row.latitude, longitude: row.longitude }
        : null,
    neighbourName: row.neighbourName,
  };
}

export function presentComment(
  row: {
    id: string;
    parentId: string | null;
    authorId: string;
    body: string;
    createdAt: Date;
    editedAt: Date | null;
  },
  names: Map<string, string>,
): TComment {
  return {
    id: row.id,
    parentId: row.parentId,
    author: { id: row.authorId, displayName: names.get(row.authorId) ?? '' },
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    isEdited: row.editedAt !== null,
  };
}
