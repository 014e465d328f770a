import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { REACTIONS } from '../../../../common/constants.ts';
import type { TComment, TPost } from '../../../../common/posts.ts';
import { useMe } from '../../api/accounts.ts';
import { ApiError } from '../../api/client.ts';
import { fieldMessages, problemMessage } from '../../api/messages.ts';
import {
  useAddComment,
  useClosePost,
  useComments,
  useDeletePost,
  usePinPost,
  usePost,
  useReact,
  useReleasePost,
  useRemovePost,
  useRenewPost,
  useUpdatePost,
  useVote,
  useWhoReacted,
} from '../../api/posts.ts';
import {
  FormAlert,
  formText,
  Notice,
  SubmitButton,
  TextArea,
  TextField,
} from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RichText } from '../../components/RichText.tsx';
import NotFound from '../NotFound.tsx';
import { Helping } from './Helping.tsx';
import { useTimeAgo } from './PostCard.tsx';
import { PrivateDetails } from './PrivateDetails.tsx';

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
            <dd>{post.neededBy}</dd>
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

function Poll({ post }: { post: TPost }) {
  const { t } = useTranslation();
  const vote = useVote(post.id);
  const poll = post.poll!;
  const canVote = poll.myVote === null && post.status === 'open' && post.body !== null;
  return (
    <section aria-labelledby="poll-title">
      <h2 id="poll-title">{t('posts.page.poll')}</h2>
      <FormAlert message={vote.error ? problemMessage(t, vote.error) : undefined} />
      <ul className="poll">
        {poll.options.map((option) => (
          <li key={option.id}>
            {canVote ? (
              <button type="button" className="button" onClick={() => vote.mutate(option.id)}>
                {t('posts.page.voteFor', { option: option.label })}
              </button>
            ) : (
              <>
                <span>
                  {option.label}
                  {poll.myVote === option.id ? ` (${t('posts.page.yourVote')})` : ''}
                </span>
                {option.votes !== null ? (
                  <>
                    <meter
                      min={0}
                      max={Math.max(1, poll.totalVotes ?? 1)}
                      value={option.votes}
                      aria-label={option.label}
                    />
                    <span>{t('posts.page.votes', { count: option.votes })}</span>
                  </>
                ) : null}
              </>
            )}
          </li>
        ))}
      </ul>
      {poll.totalVotes === null ? (
        <p className="hint">{t('posts.page.resultsAfterVoting')}</p>
      ) : null}
    </section>
  );
}

function Reactions({ post }: { post: TPost }) {
  const { t } = useTranslation();
  const react = useReact(post.id);
  const [isListOpen, setListOpen] = useState(false);
  const who = useWhoReacted(post.id, isListOpen);
  const me = useMe();
  const isMember = me.data !== null && post.author !== null;
  return (
    <section aria-labelledby="reactions-title">
      <h2 id="reactions-title" className="visually-hidden">
        {t('posts.page.reactions')}
      </h2>
      <FormAlert message={react.error ? problemMessage(t, react.error) : undefined} />
      <div className="actions">
        {REACTIONS.map((kind) => {
          const found = post.reactions.find((r) => r.kind === kind);
          const count = found?.count ?? 0;
          return (
            <button
              key={kind}
              type="button"
              className="button reaction"
              aria-pressed={found?.isMine ?? false}
              disabled={!isMember}
              onClick={() => react.mutate({ kind, isOn: !(found?.isMine ?? false) })}
            >
              {t(`posts.reaction.${kind}`)} <span aria-hidden="true">{count}</span>
              <span className="visually-hidden">{t('posts.page.reactionCount', { count })}</span>
            </button>
          );
        })}
      </div>
      <details onToggle={(event) => setListOpen((event.target as HTMLDetailsElement).open)}>
        <summary>{t('posts.page.whoReacted')}</summary>
        {who.data?.items.length === 0 ? <p>{t('posts.page.noReactions')}</p> : null}
        <ul>
          {who.data?.items.map((item) => (
            <li key={item.kind}>
              {t(`posts.reaction.${item.kind}`)}: {item.people.map((p) => p.displayName).join(', ')}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

function Actions({ post }: { post: TPost }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const close = useClosePost(post.id);
  const renew = useRenewPost(post.id);
  const remove = useDeletePost(post.id);
  const pin = usePinPost(post.id);
  const release = useReleasePost(post.id);
  const moderate = useRemovePost(post.id);
  const [done, setDone] = useState<string | undefined>();
  const error =
    close.error ?? renew.error ?? remove.error ?? pin.error ?? release.error ?? moderate.error;
  const onRemove = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    moderate.mutate(formText(event.currentTarget, 'reason'), {
      onSuccess: () => navigate(`/groups/${post.group.slug}/posts`),
    });
  };
  return (
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">{t('posts.page.manage')}</h2>
      <FormAlert message={error ? problemMessage(t, error) : undefined} />
      <Notice message={done} />
      <div className="actions">
        {post.canEdit && post.status === 'open' ? (
          <>
            <button
              type="button"
              className="button"
              onClick={() =>
                close.mutate('fulfilled', { onSuccess: () => setDone(t('posts.page.closedDone')) })
              }
            >
              {t('posts.page.closeFulfilled')}
            </button>
            <button
              type="button"
              className="button"
              onClick={() =>
                close.mutate('not-needed', { onSuccess: () => setDone(t('posts.page.closedDone')) })
              }
            >
              {t('posts.page.closeNotNeeded')}
            </button>
          </>
        ) : null}
        {post.canEdit &&
        post.kind === 'ask' &&
        (post.status === 'open' || post.closedReason === 'expired') ? (
          <button
            type="button"
            className="button"
            onClick={() =>
              renew.mutate(undefined, { onSuccess: () => setDone(t('posts.page.renewed')) })
            }
          >
            {t('posts.page.renew')}
          </button>
        ) : null}
        {post.canEdit ? (
          <button
            type="button"
            className="button danger"
            onClick={() => {
              if (window.confirm(t('posts.page.deleteConfirm'))) {
                remove.mutate(undefined, {
                  onSuccess: () => navigate(`/groups/${post.group.slug}/posts`),
                });
              }
            }}
          >
            {t('posts.page.delete')}
          </button>
        ) : null}
        {post.canModerate ? (
          <button type="button" className="button" onClick={() => pin.mutate(!post.isPinned)}>
            {post.isPinned ? t('posts.page.unpin') : t('posts.page.pin')}
          </button>
        ) : null}
        {post.canModerate && post.isHeld ? (
          <button
            type="button"
            className="button primary"
            onClick={() => release.mutate(undefined)}
          >
            {t('posts.page.release')}
          </button>
        ) : null}
      </div>
      {post.canModerate && !post.canEdit ? (
        <form className="form" onSubmit={onRemove}>
          <TextArea name="reason" label={t('posts.page.removeReason')} rows={2} />
          <SubmitButton isPending={moderate.isPending}>{t('posts.page.remove')}</SubmitButton>
        </form>
      ) : null}
    </section>
  );
}

function Comments({ post }: { post: TPost }) {
  const { t } = useTranslation();
  const me = useMe();
  const isMember = me.data !== null;
  const comments = useComments(post.id, isMember);
  const ago = useTimeAgo();
  const all = comments.data?.items ?? [];
  const top = all.filter((c) => c.parentId === null);
  const repliesTo = (comment: TComment) => all.filter((c) => c.parentId === comment.id);
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">{t('posts.page.comments', { count: post.commentCount })}</h2>
      {comments.isError ? <p role="alert">{problemMessage(t, comments.error)}</p> : null}
      {comments.isSuccess && top.length === 0 ? <p>{t('posts.page.noComments')}</p> : null}
      <ol className="comments">
        {top.map((comment) => (
          <li key={comment.id}>
            <CommentView comment={comment} ago={ago} />
            {repliesTo(comment).length > 0 ? (
              <ol className="replies">
                {repliesTo(comment).map((reply) => (
                  <li key={reply.id}>
                    <CommentView comment={reply} ago={ago} />
                  </li>
                ))}
              </ol>
            ) : null}
            {isMember ? <CommentForm postId={post.id} parent={comment} /> : null}
          </li>
        ))}
      </ol>
      {isMember ? <CommentForm postId={post.id} parent={null} /> : null}
    </section>
  );
}

function CommentView({ comment, ago }: { comment: TComment; ago: (iso: string) => string }) {
  return (
    <article aria-label={comment.author.displayName}>
      <p className="muted">
        <strong>{comment.author.displayName}</strong> · {ago(comment.createdAt)}
      </p>
      <RichText text={comment.body} />
    </article>
  );
}

function CommentForm({ postId, parent }: { postId: string; parent: TComment | null }) {
  const { t } = useTranslation();
  const add = useAddComment(postId);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [isOpen, setOpen] = useState(parent === null);
  const [error, setError] = useState<string | undefined>();
  if (!isOpen) {
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        {t('posts.page.reply', { name: parent?.author.displayName })}
      </button>
    );
  }
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const body = formText(element, 'body').trim();
    if (!body) {
      setError(t('posts.page.commentEmpty'));
      return;
    }
    setError(undefined);
    add.mutate(
      { body, parentId: parent?.id ?? null, key },
      {
        onSuccess: () => {
          element.reset();
          setKey(crypto.randomUUID());
          if (parent) setOpen(false);
        },
      },
    );
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <FormAlert message={add.error ? problemMessage(t, add.error) : undefined} />
      <TextArea
        name="body"
        label={
          parent
            ? t('posts.page.replyTo', { name: parent.author.displayName })
            : t('posts.page.addComment')
        }
        rows={3}
        {...(error ? { error } : {})}
      />
      <SubmitButton isPending={add.isPending}>
        {parent ? t('posts.page.sendReply') : t('posts.page.sendComment')}
      </SubmitButton>
    </form>
  );
}

/** The author changes the title and text; the post then shows that it was edited. */
function EditPost({ post }: { post: TPost }) {
  const { t } = useTranslation();
  const update = useUpdatePost(post.id);
  const [isOpen, setOpen] = useState(false);
  if (!isOpen) {
    return (
      <p>
        <button type="button" className="button" onClick={() => setOpen(true)}>
          {t('posts.page.edit')}
        </button>
      </p>
    );
  }
  const errors = fieldMessages(t, update.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    update.mutate(
      { title: formText(element, 'title'), body: formText(element, 'body') },
      { onSuccess: () => setOpen(false) },
    );
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <FormAlert message={update.error ? problemMessage(t, update.error) : undefined} />
      <TextField
        name="title"
        label={t('posts.new.titleLabel')}
        defaultValue={post.title}
        isRequired
        {...(errors.title ? { error: errors.title } : {})}
      />
      <TextArea
        name="body"
        label={t('posts.new.body')}
        defaultValue={post.body ?? ''}
        rows={5}
        {...(errors.body ? { error: errors.body } : {})}
      />
      <div className="actions">
        <SubmitButton isPending={update.isPending}>{t('posts.page.saveEdit')}</SubmitButton>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          {t('posts.page.cancelEdit')}
        </button>
      </div>
    </form>
  );
}
