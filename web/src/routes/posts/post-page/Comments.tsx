import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TComment, TPost } from '../../../../../common/posts.ts';
import { useMe } from '../../../api/accounts.ts';
import { problemMessage } from '../../../api/messages.ts';
import { useAddComment, useComments } from '../../../api/posts.ts';
import { FormAlert, formText, SubmitButton, TextArea } from '../../../components/Form.tsx';
import { RichText } from '../../../components/RichText.tsx';
import { useTimeAgo } from '../PostCard.tsx';

export function Comments({ post }: { post: TPost }) {
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
