import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TGroup } from '../../../../../common/groups.ts';
import { useMe } from '../../../api/accounts.ts';
import { ApiError } from '../../../api/client.ts';
import { useJoinGroup, useLeaveGroup, useMembers } from '../../../api/groups.ts';
import { problemMessage } from '../../../api/messages.ts';
import { FormAlert, formText, Notice, SubmitButton, TextArea } from '../../../components/Form.tsx';

export function Membership({ group }: { group: TGroup }) {
  const { t } = useTranslation();
  const me = useMe();
  const join = useJoinGroup(group.slug);
  const leave = useLeaveGroup(group.slug);
  const [left, setLeft] = useState(false);
  const status = group.myMembership?.status;

  if (!me.data) {
    return (
      <p className="notice">
        <Link to="/sign-in">{t('groups.page.signInToJoin')}</Link>
      </p>
    );
  }
  if (status === 'active') {
    const isLastAdmin = group.myMembership?.role === 'admin';
    return (
      <section aria-labelledby="membership-title" className="membership">
        <h2 id="membership-title">
          {t(`groups.page.youAre.${group.myMembership?.role ?? 'member'}`)}
        </h2>
        <FormAlert
          message={
            leave.error
              ? leave.error instanceof ApiError && leave.error.code === 'last-admin'
                ? t('groups.page.lastAdmin')
                : problemMessage(t, leave.error)
              : undefined
          }
        />
        <button
          type="button"
          className="button"
          aria-describedby={isLastAdmin ? 'leave-hint' : undefined}
          onClick={() => leave.mutate({}, { onSuccess: () => setLeft(true) })}
        >
          {t('groups.page.leave')}
        </button>
        {isLastAdmin ? (
          <p id="leave-hint" className="hint">
            {t('groups.page.leaveAdminHint')}
          </p>
        ) : null}
        {leave.error instanceof ApiError && leave.error.code === 'last-admin' && me.data ? (
          <HandOver slug={group.slug} myId={me.data.id} onLeft={() => setLeft(true)} />
        ) : null}
      </section>
    );
  }
  if (status === 'pending') {
    return (
      <section aria-labelledby="membership-title" className="membership">
        <h2 id="membership-title">{t('groups.page.pendingTitle')}</h2>
        <p>{t('groups.page.pending')}</p>
        <button type="button" className="button" onClick={() => leave.mutate({})}>
          {t('groups.page.withdraw')}
        </button>
      </section>
    );
  }
  if (group.joinPolicy === 'invite') {
    return (
      <p className="notice">
        {group.externalId || group.website || group.facebookUrl
          ? t('groups.page.organisesElsewhere')
          : t('groups.page.inviteOnly')}
      </p>
    );
  }
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    join.mutate({
      answers: group.joinQuestions.map((_q, index) => formText(element, `answer-${index}`)),
    });
  };
  const errors: Record<string, string> = {};
  if (join.error instanceof ApiError) {
    for (const e of join.error.errors) {
      errors[e.field.replace('answers.', 'answer-')] = t('groups.page.answerNeeded');
    }
  }
  return (
    <section aria-labelledby="membership-title" className="membership">
      <h2 id="membership-title">
        {group.joinPolicy === 'open' ? t('groups.page.joinTitle') : t('groups.page.askTitle')}
      </h2>
      {left ? <Notice message={t('groups.page.left')} /> : null}
      <form onSubmit={onSubmit} noValidate className="form">
        <FormAlert
          message={
            join.error
              ? join.error instanceof ApiError && join.error.code === 'banned'
                ? t('groups.page.banned')
                : problemMessage(t, join.error)
              : undefined
          }
        />
        {group.joinPolicy === 'approval'
          ? group.joinQuestions.map((question, index) => (
              <TextArea
                key={question}
                name={`answer-${index}`}
                label={question}
                rows={2}
                {...(errors[`answer-${index}`] ? { error: errors[`answer-${index}`] } : {})}
              />
            ))
          : null}
        <SubmitButton isPending={join.isPending}>
          {group.joinPolicy === 'open' ? t('groups.page.join') : t('groups.page.askToJoin')}
        </SubmitButton>
      </form>
    </section>
  );
}

/** The last admin names who takes over, then leaves. */
function HandOver({ slug, myId, onLeft }: { slug: string; myId: string; onLeft: () => void }) {
  const { t } = useTranslation();
  const members = useMembers(slug, { q: '', status: 'active' }, true);
  const leave = useLeaveGroup(slug);
  const others = (members.data?.items ?? []).filter((m) => m.userId !== myId);
  if (members.isPending) return <p role="status">{t('app.loading')}</p>;
  if (others.length === 0) return <p>{t('groups.page.noSuccessor')}</p>;
  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        const newAdminId = formText(event.currentTarget, 'newAdminId');
        leave.mutate({ newAdminId }, { onSuccess: onLeft });
      }}
    >
      <FormAlert message={leave.error ? problemMessage(t, leave.error) : undefined} />
      <div className="field">
        <label htmlFor="new-admin">{t('groups.page.successor')}</label>
        <select id="new-admin" name="newAdminId">
          {others.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.displayName}
            </option>
          ))}
        </select>
      </div>
      <SubmitButton isPending={leave.isPending}>{t('groups.page.handOver')}</SubmitButton>
    </form>
  );
}
