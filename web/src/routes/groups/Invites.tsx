import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TCreatedInvite } from '../../../../common/groups.ts';
import { useCreateInvite, useGroup, useInvites, useRevokeInvite } from '../../api/groups.ts';
import { problemMessage } from '../../api/messages.ts';
import { FormAlert, formText, Notice, SubmitButton, TextField } from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useDates } from '../../i18n/dates.ts';

export default function Invites() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const group = useGroup(slug);
  if (group.isPending) return <p role="status">{t('app.loading')}</p>;
  if (group.isError) return <p role="alert">{problemMessage(t, group.error)}</p>;
  const g = group.data;
  return (
    <>
      <PageTitle>{t('groups.invites.title', { name: g.name })}</PageTitle>
      <p>
        <Link to={`/groups/${g.slug}`}>{t('groups.backTo', { name: g.name })}</Link>
      </p>
      {g.canModerate ? (
        <InviteManager slug={g.slug} />
      ) : (
        <p>{t('groups.invites.moderatorsOnly')}</p>
      )}
    </>
  );
}

function InviteManager({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const invites = useInvites(slug);
  const create = useCreateInvite(slug);
  const revoke = useRevokeInvite(slug);
  const [made, setMade] = useState<TCreatedInvite | null>(null);
  const [copied, setCopied] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const dates = useDates();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const days = Number(formText(event.currentTarget, 'expiresInDays'));
    const uses = Number(formText(event.currentTarget, 'maxUses'));
    const next: Record<string, string> = {};
    if (!Number.isInteger(days) || days < 1 || days > 90)
      next.expiresInDays = t('groups.invites.errors.days');
    if (!Number.isInteger(uses) || uses < 1 || uses > 10_000)
      next.maxUses = t('groups.invites.errors.uses');
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setCopied(false);
    create.mutate({ expiresInDays: days, maxUses: uses }, { onSuccess: setMade });
  };

  return (
    <>
      <section aria-labelledby="new-invite-title">
        <h2 id="new-invite-title">{t('groups.invites.newTitle')}</h2>
        <form onSubmit={onSubmit} noValidate className="form">
          <FormAlert message={create.error ? problemMessage(t, create.error) : undefined} />
          <TextField
            name="expiresInDays"
            type="number"
            inputMode="numeric"
            label={t('groups.invites.days')}
            defaultValue="14"
            {...(errors.expiresInDays ? { error: errors.expiresInDays } : {})}
          />
          <TextField
            name="maxUses"
            type="number"
            inputMode="numeric"
            label={t('groups.invites.uses')}
            defaultValue="25"
            {...(errors.maxUses ? { error: errors.maxUses } : {})}
          />
          <SubmitButton isPending={create.isPending}>{t('groups.invites.create')}</SubmitButton>
        </form>
        {made ? (
          <div className="notice">
            <label htmlFor="invite-link">{t('groups.invites.link')}</label>
            <input id="invite-link" readOnly value={made.url} onFocus={(e) => e.target.select()} />
            <p className="hint">{t('groups.invites.linkHint')}</p>
            <button
              type="button"
              className="button"
              onClick={() => {
                void navigator.clipboard?.writeText(made.url).then(() => setCopied(true));
              }}
            >
              {t('groups.invites.copy')}
            </button>
            <Notice message={copied ? t('groups.invites.copied') : undefined} />
          </div>
        ) : null}
      </section>
      <section aria-labelledby="invites-title">
        <h2 id="invites-title">{t('groups.invites.listTitle')}</h2>
        <FormAlert message={revoke.error ? problemMessage(t, revoke.error) : undefined} />
        {invites.isPending ? <p role="status">{t('app.loading')}</p> : null}
        {invites.data?.items.length === 0 ? <p>{t('groups.invites.none')}</p> : null}
        <ul className="member-list">
          {invites.data?.items.map((invite) => (
            <li key={invite.id}>
              <p>
                {invite.isActive
                  ? t('groups.invites.active', {
                      date: dates.dateTime(invite.expiresAt),
                      uses: invite.uses,
                      max: invite.maxUses,
                    })
                  : t('groups.invites.inactive', { uses: invite.uses, max: invite.maxUses })}
              </p>
              {invite.isActive ? (
                <button type="button" className="button" onClick={() => revoke.mutate(invite.id)}>
                  {t('groups.invites.revoke')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
