import type { Post } from './types.ts';

/** Asks past their expiry read as closed ("expired") without a job having to close them. */
export function effectiveStatus(post: Pick<Post, 'status' | 'closedReason' | 'expiresAt'>) {
  if (post.status === 'open' && post.expiresAt && post.expiresAt.getTime() <= Date.now()) {
    return { status: 'closed' as const, closedReason: 'expired' as const };
  }
  return { status: post.status, closedReason: post.closedReason };
}

export const isOpen = (post: Pick<Post, 'status' | 'closedReason' | 'expiresAt'>) =>
  effectiveStatus(post).status === 'open';
