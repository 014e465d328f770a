import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TPost } from '../../../../common/posts.ts';

export function useTimeAgo() {
  const { i18n } = useTranslation();
  const format = new Intl.RelativeTimeFormat(i18n.language, { numeric: 'auto' });
  return (iso: string) => {
    const minutes = Math.round((new Date(iso).getTime() - Date.now()) / 60_000);
    if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
    const hours = Math.round(minutes / 60);
    if (Math.abs(hours) < 24) return format.format(hours, 'hour');
    return format.format(Math.round(hours / 24), 'day');
  };
}

/** One post in a list: what it is, how urgent, where, and how much is happening on it. */
export function PostCard({ post }: { post: TPost }) {
  const { t } = useTranslation();
  const ago = useTimeAgo();
  const facts = [
    post.category ? t(`categories.${post.category}`) : null,
    post.urgency ? t(`posts.urgency.${post.urgency}`) : null,
    post.locationName || null,
    post.distanceKm === null ? null : t('posts.away', { km: post.distanceKm }),
    ago(post.createdAt),
  ].filter(Boolean);
  const reactionCount = post.reactions.reduce((sum, r) => sum + r.count, 0);
  // Only what has happened: "0 comments · 0 reactions" on every card is noise on a phone.
  const activity = [
    post.commentCount > 0 ? t('posts.commentCount', { count: post.commentCount }) : null,
    reactionCount > 0 ? t('posts.reactionCount', { count: reactionCount }) : null,
  ].filter(Boolean);
  return (
    <article className="post-card" aria-labelledby={`post-${post.id}`}>
      <p className="post-tags">
        <span className={`tag tag-${post.kind}`}>{t(`posts.kind.${post.kind}`)}</span>
        {post.isPinned ? <span className="tag">{t('posts.pinned')}</span> : null}
        {post.isHeld ? <span className="tag">{t('posts.held')}</span> : null}
        {post.status === 'closed' ? (
          <span className="tag">{t(`posts.closed.${post.closedReason ?? 'fulfilled'}`)}</span>
        ) : null}
        <span className="muted">{facts.join(' · ')}</span>
      </p>
      <h2 id={`post-${post.id}`}>
        <Link to={`/posts/${post.id}`}>{post.title}</Link>
      </h2>
      {activity.length > 0 ? <p className="muted">{activity.join(' · ')}</p> : null}
    </article>
  );
}
