import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TPost } from '../../../../../common/posts.ts';
import { problemMessage } from '../../../api/messages.ts';
import {
  useClosePost,
  useDeletePost,
  usePinPost,
  useReleasePost,
  useRemovePost,
  useRenewPost,
} from '../../../api/posts.ts';
import { FormAlert, formText, Notice, SubmitButton, TextArea } from '../../../components/Form.tsx';

export function Actions({ post }: { post: TPost }) {
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
