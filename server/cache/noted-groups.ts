import { AsyncLocalStorage } from 'node:async_hooks';

const looked = new AsyncLocalStorage<Set<string>>();

/**
 * Runs a state-changing request with a note of the groups whose access it checks: when it ends,
 * this instance drops their cached pages itself (`GroupCache.changed`), so the writer's next
 * request here never waits on the database's announcement reaching the listener.
 */
export function noteGroupsOf(next: () => void) {
  looked.run(new Set(), next);
}

/** Called where a group's access is checked (a group or post lookup with the membership). */
export function noteGroup(groupId: string) {
  looked.getStore()?.add(groupId);
}

const NONE: ReadonlySet<string> = new Set();

/** The groups the current state-changing request looked at, if it is one. */
export const notedGroups = (): ReadonlySet<string> => looked.getStore() ?? NONE;
