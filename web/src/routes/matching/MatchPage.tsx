import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TMatch } from '../../../../common/matching.ts';
import { ApiError } from '../../api/client.ts';
import {
  type MatchStep,
  useMatch,
  useMatchStep,
  useMessages,
  useSendMessage,
} from '../../api/matching.ts';
import { problemMessage } from '../../api/messages.ts';
import { FormAlert, formText, SubmitButton, TextArea } from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RichText } from '../../components/RichText.tsx';
import { useDates } from '../../i18n/dates.ts';
import NotFound from '../NotFound.tsx';
import { useTimeAgo } from '../posts/PostCard.tsx';
import { PrivateDetails } from '../posts/PrivateDetails.tsx';

/** A match: who helps whom, what happens next, the private thread and the timeline. */
export default function MatchPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const match = useMatch(id);
  if (match.isPending) return <p role="status">{t('app.loading')}</p>;
  if (
    match.error instanceof ApiError &&
    (match.error.status === 404 || match.error.status === 400)
  ) {
    return <NotFound />;
  }
  if (match.isError) return <p role="alert">{problemMessage(t, match.error)}</p>;
  const m = match.data;
  const isLive = m.status === 'accepted' || m.status === 'done';
  return (
    <>
      <PageTitle>{t('matching.match.title', { title: m.post.title })}</PageTitle>
      <p>
        <Link to={`/posts/${m.post.id}`}>{t('matching.match.backToPost')}</Link>
      </p>
      <p className="lead">
        {t('matching.match.people', { helper: m.helper.displayName, asker: m.asker.displayName })}
      </p>
      <p className="notice" role="status">
        {t(`matching.match.status.${m.status}`)}
        {isLive ? ` ${t(`matching.match.next.${m.myRole}.${m.status}`)}` : ''}
      </p>
      {m.thankYou ? (
        <blockquote className="notice">
          <p className="pre-line">{m.thankYou}</p>
        </blockquote>
      ) : null}
      {m.myRole === 'moderator' ? (
        <p className="hint">{t('matching.match.moderatorNote')}</p>
      ) : null}
      {m.myRole === 'helper' && isLive && m.post.kind === 'ask' ? (
        <PrivateDetails id={m.post.id} />
      ) : null}
      <Steps match={m} />
      <Thread match={m} />
      <Timeline match={m} />
    </>
  );
}

function Steps({ match }: { match: TMatch }) {
  const { t } = useTranslation();
  const step = useMatchStep(match.id, match.post.id);
  const [isWithdrawing, setWithdrawing] = useState(false);
  const run = (value: MatchStep) => step.mutate(value);
  const onConfirm = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const thanks = formText(event.currentTarget, 'thankYou').trim();
    run({ kind: 'confirm', thankYou: thanks || null });
  };
  const onWithdraw = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run({ kind: 'withdraw', reason: formText(event.currentTarget, 'reason') });
  };
  const errors: Record<string, string> = {};
  if (step.error instanceof ApiError) {
    for (const e of step.error.errors) errors[e.field] = t('matching.match.reasonNeeded');
  }
  if (!match.canComplete && !match.canConfirm && !match.canWithdraw && !match.canClose) return null;
  return (
    <section aria-labelledby="steps-title">
      <h2 id="steps-title">{t('matching.match.stepsTitle')}</h2>
      <FormAlert
        message={step.error && !errors.reason ? problemMessage(t, step.error) : undefined}
      />
      {match.canComplete ? (
        <button type="button" className="button primary" onClick={() => run({ kind: 'complete' })}>
          {t('matching.match.complete')}
        </button>
      ) : null}
      {match.canConfirm ? (
        <form className="form" onSubmit={onConfirm} noValidate>
          <TextArea name="thankYou" label={t('matching.match.thankYou')} rows={2} />
          <SubmitButton isPending={step.isPending}>{t('matching.match.confirm')}</SubmitButton>
        </form>
      ) : null}
      {match.canClose ? (
        <button type="button" className="button" onClick={() => run({ kind: 'close' })}>
          {t('matching.match.close')}
        </button>
      ) : null}
      {match.canWithdraw ? (
        isWithdrawing ? (
          <form className="form" onSubmit={onWithdraw} noValidate>
            <TextArea
              name="reason"
              label={t('matching.match.reason')}
              rows={2}
              {...(errors.reason ? { error: errors.reason } : {})}
            />
            <SubmitButton isPending={step.isPending}>{t('matching.match.withdraw')}</SubmitButton>
          </form>
        ) : (
          <p>
            <button type="button" className="link-button" onClick={() => setWithdrawing(true)}>
              {t('matching.match.cannotAnyMore')}
            </button>
          </p>
        )
      ) : null}
    </section>
  );
}

function Thread({ match }: { match: TMatch }) {
  const { t } = useTranslation();
  const messages = useMessages(match.id);
  const send = useSendMessage(match.id);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const ago = useTimeAgo();
  const isLive = match.status === 'accepted' || match.status === 'done';
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const body = formText(element, 'body').trim();
    if (!body) return;
    send.mutate(
      { body, key },
      {
        onSuccess: () => {
          element.reset();
          setKey(crypto.randomUUID());
        },
      },
    );
  };
  return (
    <section aria-labelledby="thread-title">
      <h2 id="thread-title">{t('matching.match.threadTitle')}</h2>
      <p className="hint">{t('matching.match.threadHint')}</p>
      {messages.data?.items.length === 0 ? <p>{t('matching.match.noMessages')}</p> : null}
      <ol className="comments">
        {messages.data?.items.map((message) => (
          <li key={message.id}>
            <article aria-label={message.author.displayName}>
              <p className="muted">
                <strong>{message.author.displayName}</strong> · {ago(message.createdAt)}
              </p>
              <RichText text={message.body} />
            </article>
          </li>
        ))}
      </ol>
      {isLive ? (
        <form className="form" onSubmit={onSubmit} noValidate>
          <FormAlert message={send.error ? problemMessage(t, send.error) : undefined} />
          <TextArea name="body" label={t('matching.match.message')} rows={3} />
          <SubmitButton isPending={send.isPending}>{t('matching.match.send')}</SubmitButton>
        </form>
      ) : null}
    </section>
  );
}

function Timeline({ match }: { match: TMatch }) {
  const { t } = useTranslation();
  const dates = useDates();
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('matching.match.timelineTitle')}</h2>
      <ol>
        {match.timeline.map((event) => (
          <li key={`${event.at}-${event.kind}`}>
            <time dateTime={event.at}>{dates.dateTime(event.at)}</time>:{' '}
            {t(`matching.event.${event.kind}`, { name: event.actor?.displayName ?? '' })}
            {event.reason ? ` (${event.reason})` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
