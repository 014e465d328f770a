// Every TanStack Query key the web app uses, in one place: a page that changes something drops
// exactly the keys it names here, and a prefix (keys.feed.all) drops every page under it.
export const keys = {
  me: ['me'] as const,
  instance: ['instance'] as const,
  group: (slug: string) => ['group', slug] as const,
  myGroups: ['my-groups'] as const,
  directory: {
    all: ['directory'] as const,
    search: (search: unknown) => ['directory', search] as const,
  },
  places: (query: string, locale: string) => ['places', query, locale] as const,
  members: {
    of: (slug: string | undefined) => ['members', slug] as const,
    page: (slug: string, query: unknown) => ['members', slug, query] as const,
  },
  invites: (slug: string) => ['invites', slug] as const,
  invite: (token: string | null) => ['invite', token] as const,
  notifications: ['notifications'] as const,
  notificationSettings: ['notification-settings'] as const,
  /** This browser's push address, if it has one (read from the browser, not the server). */
  pushThisDevice: ['push-this-device'] as const,
  pushDevices: ['push-devices'] as const,
  unsubscribeLink: (token: string) => ['unsubscribe-link', token] as const,
  followUpLink: (token: string) => ['follow-up-link', token] as const,
  feed: {
    all: ['feed'] as const,
    of: (slug: string) => ['feed', slug] as const,
    page: (slug: string, filters: unknown) => ['feed', slug, filters] as const,
  },
  nearMe: (near: unknown, within: unknown) => ['near-me', near, within] as const,
  post: Object.assign((id: string) => ['post', id] as const, { all: ['post'] as const }),
  comments: (id: string) => ['comments', id] as const,
  reactions: (id: string) => ['reactions', id] as const,
  plainList: (slug: string, locale: string) => ['plain-list', slug, locale] as const,
  responses: {
    all: ['responses'] as const,
    of: (postId: string) => ['responses', postId] as const,
  },
  match: {
    all: ['match'] as const,
    one: (id: string) => ['match', id] as const,
    messages: (id: string) => ['match', id, 'messages'] as const,
  },
  myMatches: ['my-matches'] as const,
  board: {
    all: ['board'] as const,
    of: (slug: string) => ['board', slug] as const,
    query: (slug: string, query: string) => ['board', slug, query] as const,
  },
  helperProfile: (slug: string) => ['helper-profile', slug] as const,
};
