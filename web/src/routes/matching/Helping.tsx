import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { TPost } from '../../../../common/posts.ts';
import { useMe } from '../../api/accounts.ts';
import { useGroup } from '../../api/groups.ts';
import { useAccept, useAssign, useRespond, useResponses } from '../../api/matching.ts';
import { problemMessage } from '../../api/messages.ts';
import { FormAlert, formText, SubmitButton, TextArea } from '../../components/Form.tsx';

/**
 * On an ask or offer: "I can help" / "I'd like this" for members; the responses for the person
 * who chooses (the asker in a peer group, moderators in a dispatch group); the live match.
 */
export function Helping({ post }: { post: TPost }) {
  const { t } = useTranslation();
  const me = useMe();
  const group = useGroup(post.group.slug);
  const isDispatch = group.data?.exchangeMode === 'dispatch';
  if (post.kind !== 'ask' && post.kind !== 'offer') return null;
  if (post.body === null || !me.data) return null;
  // Who chooses depends on the group's exchange mode: nobody gets the buttons until it is known.
  const choosesHere = group.data ? (isDispatch ? post.canModerate : post.canEdit) : false;
  return (
    <section aria-labelledby="helping-title">
      <h2 id="helping-title">
        {post.kind === 'ask' ? t('matching.post.titleAsk') : t('matching.post.titleOffer')}
      </h2>
      {post.thankYou ? (
        <blockquote className="notice">
          <p>{t('matching.post.thanks')}</p>
          <p className="pre-line">{post.thankYou}</p>
        </blockquote>
      ) : null}
      {post.match ? (
        <p className="notice">
          {t('matching.post.matched')}{' '}
          <Link to={`/matches/${post.match.id}`}>{t('matching.post.openMatch')}</Link>
        </p>
      ) : null}
      {post.isBeingHelped && !post.match && !post.canModerate ? (
        <p className="notice">{t('matching.post.beingHelped')}</p>
      ) : null}
      {!post.canEdit && post.status === 'open' && (!post.isBeingHelped || post.myResponse) ? (
        <Respond post={post} />
      ) : null}
      {choosesHere || post.canModerate ? (
        <Responses post={post} canChoose={choosesHere} isDispatch={isDispatch} />
      ) : null}
    </section>
  );
}

function Respond({ post }: { post: TPost }) {
  const { t } = useTranslation();
  const respond = useRespond(post.id);
  const [key] = useState(() => crypto.randomUUID());
  if (post.myResponse && post.myResponse !== 'withdrawn') {
    return <p>{t(`matching.post.myResponse.${post.myResponse}`)}</p>;
  }
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    respond.mutate({ note: formText(event.currentTarget, 'note'), key });
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <FormAlert message={respond.error ? problemMessage(t, respond.error) : undefined} />
      <TextArea
        name="note"
        label={t('matching.post.note')}
        description={t('matching.post.noteHint')}
        rows={2}
      />
      <SubmitButton isPending={respond.isPending}>
        {post.kind === 'ask' ? t('matching.post.canHelp') : t('matching.post.wouldLike')}
      </SubmitButton>
    </form>
  );
}

function Responses({
  post,
  canChoose,
  isDispatch,
}: {
  post: TPost;
  canChoose: boolean;
  isDispatch: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const responses = useResponses(post.id, true);
  const accept = useAccept(post.id);
  const assign = useAssign(post.id);
  const error = accept.error ?? assign.error;
  const items = responses.data?.items ?? [];
  return (
    <div>
      <h3>{t('matching.post.responses', { count: items.length })}</h3>
      <FormAlert message={error ? problemMessage(t, error) : undefined} />
      {responses.isSuccess && items.length === 0 ? <p>{t('matching.post.noResponses')}</p> : null}
      <ul className="member-list">
        {items.map((response) => (
          <li key={response.id}>
            <article aria-label={response.responder.displayName}>
              <p>
                <strong>{response.responder.displayName}</strong>{' '}
                <span className="muted">· {t(`matching.responseStatus.${response.status}`)}</span>
              </p>
              {response.note ? <p className="pre-line">{response.note}</p> : null}
              {canChoose && response.status === 'pending' && !post.match ? (
                <p className="hint" id={`shares-${response.id}`}>
                  {t(sharesKey(post, isDispatch), { name: response.responder.displayName })}
                </p>
              ) : null}
              {canChoose && response.status === 'pending' && !post.match ? (
                <button
                  type="button"
                  aria-describedby={`shares-${response.id}`}
                  className="button primary"
                  onClick={() =>
                    isDispatch
                      ? assign.mutate(
                          { helperId: response.responder.id, reassign: false },
                          { onSuccess: (match) => navigate(`/matches/${match.id}`) },
                        )
                      : accept.mutate(response.id, {
                          onSuccess: (match) => navigate(`/matches/${match.id}`),
                        })
                  }
                >
                  {isDispatch
                    ? t('matching.post.assign', { name: response.responder.displayName })
                    : t('matching.post.accept', { name: response.responder.displayName })}
                </button>
              ) : null}
            </article>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * What choosing a helper shares, said before it happens: the private details of the ask, if it
 * has any, in the words of whoever chooses (the person asking, someone asking for a neighbour,
 * or a moderator).
 */
function sharesKey(post: TPost, isDispatch: boolean) {
  if (!post.hasPrivate)
    return isDispatch ? 'matching.post.assignSharesNothing' : 'matching.post.acceptSharesNothing';
  if (isDispatch) return 'matching.post.assignShares';
  return post.isOnBehalf ? 'matching.post.acceptSharesNeighbour' : 'matching.post.acceptShares';
}
