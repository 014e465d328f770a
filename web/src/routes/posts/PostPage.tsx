import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { TPost } from '../../../../common/posts.ts';
import { ApiError } from '../../api/client.ts';
import { problemMessage } from '../../api/messages.ts';
import { usePost } from '../../api/posts.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RichText } from '../../components/RichText.tsx';
import { useDates } from '../../i18n/dates.ts';
import { Helping } from '../matching/Helping.tsx';
import NotFound from '../NotFound.tsx';
import { useTimeAgo } from './PostCard.tsx';
import { PrivateDetails } from './PrivateDetails.tsx';
import { Actions } from './post-page/Actions.tsx';
import { Comments } from './post-page/Comments.tsx';
import { EditPost } from './post-page/EditPost.tsx';
import { Poll } from './post-page/Poll.tsx';
import { Reactions } from './post-page/Reactions.tsx';

export default function PostPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const post = usePost(id);
  const location = useLocation();
  const photoErrors = (location.state as { photoErrors?: string[] } | null)?.photoErrors ?? [];
  if (post.isPending) return <p role="status">{t('app.loading')}</p>;
  if (post.error instanceof ApiError && (post.error.status === 404 || post.error.status === 400)) {
    return <NotFound />;
  }
  if (post.isError) return <p role="alert">{problemMessage(t, post.error)}</p>;
  const p = post.data;
  const isWhole = p.body !== null;
  return (
    <>
      <PageTitle>{p.title}</PageTitle>
      {photoErrors.map((message) => (
        <p key={message} role="alert" className="alert">
          {message}
        </p>
      ))}
      <Meta post={p} />
      {isWhole && p.body ? <RichText text={p.body} /> : null}
      {!isWhole ? <p className="notice">{t('posts.page.membersOnly')}</p> : null}
      {p.linkUrl ? (
        <p>
          <a href={p.linkUrl} rel="noopener noreferrer nofollow ugc" target="_blank">
            {p.linkUrl}
          </a>
        </p>
      ) : null}
      {p.photos.length > 0 ? (
        <ul className="photos">
          {p.photos.map((photo, index) => (
            <li key={photo.id}>
              <a href={photo.url}>
                <img
                  src={photo.thumbnailUrl}
                  alt={t('posts.page.photo', { number: index + 1, title: p.title })}
                  width={Math.round((photo.width / Math.max(photo.width, photo.height)) * 200)}
                  height={Math.round((photo.height / Math.max(photo.width, photo.height)) * 200)}
                  loading="lazy"
                />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {p.poll ? <Poll post={p} /> : null}
      {isWhole ? <Reactions post={p} /> : null}
      {p.canEdit ? <EditPost post={p} /> : null}
      {p.canEdit || p.canModerate ? <Actions post={p} /> : null}
      {p.hasPrivate ? <PrivateDetails id={p.id} /> : null}
      <Helping post={p} />
      {isWhole ? <Comments post={p} /> : null}
    </>
  );
}

function Meta({ post }: { post: TPost }) {
  const { t } = useTranslation();
  const ago = useTimeAgo();
  const dates = useDates();
  const facts = [
    t(`posts.kind.${post.kind}`),
    post.category ? t(`categories.${post.category}`) : null,
    post.urgency ? t(`posts.urgency.${post.urgency}`) : null,
    post.status === 'closed' ? t(`posts.closed.${post.closedReason ?? 'fulfilled'}`) : null,
  ].filter(Boolean);
  return (
    <div className="post-meta">
      <p className="muted">{facts.join(' · ')}</p>
      <p className="muted">
        {post.author
          ? post.isOnBehalf
            ? t('posts.page.byForNeighbour', { name: post.author.displayName })
            : t('posts.page.by', { name: post.author.displayName })
          : null}{' '}
        {ago(post.createdAt)}
        {post.isEdited ? ` · ${t('posts.page.edited')}` : ''}
        {' · '}
        <Link to={`/groups/${post.group.slug}/posts`}>{post.group.name}</Link>
      </p>
      {post.isHeld ? <p className="notice">{t('posts.page.held')}</p> : null}
      <dl className="facts">
        {post.locationName ? (
          <>
            <dt>{t('posts.page.where')}</dt>
            <dd>{post.locationName}</dd>
          </>
        ) : null}
        {post.timeWindow ? (
          <>
            <dt>{t('posts.page.when')}</dt>
            <dd>{post.timeWindow}</dd>
          </>
        ) : null}
        {post.neededBy ? (
          <>
            <dt>{t('posts.page.neededBy')}</dt>
            <dd>{dates.calendarDate(post.neededBy)}</dd>
          </>
        ) : null}
        {post.peopleCount ? (
          <>
            <dt>{t('posts.page.peopleCount')}</dt>
            <dd>{post.peopleCount}</dd>
          </>
        ) : null}
        {post.availability ? (
          <>
            <dt>{t('posts.page.availability')}</dt>
            <dd>{post.availability}</dd>
          </>
        ) : null}
        {post.quantity || post.isOngoing ? (
          <>
            <dt>{t('posts.page.quantity')}</dt>
            <dd>{post.isOngoing ? t('posts.page.ongoing') : post.quantity}</dd>
          </>
        ) : null}
        {post.travelKm !== null ? (
          <>
            <dt>{t('posts.page.travel')}</dt>
            <dd>{t('posts.page.travelKm', { km: post.travelKm })}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
