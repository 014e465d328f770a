// The LISTEN/NOTIFY channels every instance hears, and who announces on each (the table of what
// each change drops is in docs/ARCHITECTURE.md, "The cache's contract").

/** A group whose pages changed (payload: its id): triggers of migration 0013. */
export const CHANGES_CHANNEL = 'kindred_changes';
/** A person whose sessions or tokens changed (payload: their id): triggers of migration 0015. */
export const SESSIONS_CHANNEL = 'kindred_sessions';
/** New notifications and board changes, as JSON ({userIds}, {groupIds}): triggers of 0013. */
export const EVENTS_CHANNEL = 'kindred_events';
/** A test's marker: heard once everything committed before it has been heard (`app.settled`). */
export const SETTLED_CHANNEL = 'kindred_settled';
