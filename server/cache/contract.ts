// The cache's contract, as data: which tables announce their changes, and why the others need
// not. docs/ARCHITECTURE.md ("The cache's contract") has the same as a table; contract.test.ts
// fails when a table that belongs to a group, post or match is on neither list.

/**
 * Tables whose every change NOTIFYs `kindred_changes` with their group (migration 0013's
 * triggers): any cached page of that group, and readers' access to it, is dropped.
 */
export const ANNOUNCED = [
  'groups',
  'memberships',
  'helper_profiles',
  'id_checks',
  'posts',
  'post_private',
  'post_photos',
  'comments',
  'reactions',
  'poll_options',
  'poll_votes',
  'responses',
  'board_claims',
  'matches',
  'match_messages',
  // A new name or languages: in every group the person is in (names show on posts, languages
  // rank helpers).
  'users',
] as const;

/** Tables with a group_id, post_id or match_id that announce nothing, and why that is safe. */
export const NOT_ANNOUNCED: Record<string, string> = {
  group_invites: 'listed only to moderators, read fresh on every request; never cached',
  private_reads: 'an audit log (SAFETY 6), shown on no page',
  match_events:
    "a match's timeline, read fresh on every request; a step that ends a match changes `matches`, which announces",
  notifications:
    "one person's own, read fresh on every request; new rows announce themselves on kindred_events (to their pages)",
  moderation_actions: 'the moderation log, shown on no cached page',
  ask_alerts:
    "the alerts job's record of the asks it decided, shown on no page (kept apart from posts so it drops no cached page)",
  follow_up_tokens:
    'the hashed tokens of "Did it happen?" links, read fresh when a link is opened; shown on no page',
};
