import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../api/accounts.ts';
import { ApiError } from '../../api/client.ts';
import { useAcceptInvite, useInvitePreview } from '../../api/groups.ts';
import { problemMessage } from '../../api/messages.ts';
import { FormAlert } from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { INVITE_STORAGE_KEY } from './invite-storage.ts';

/**
 * An invite link (`/invite#token=…`). The token stays in the fragment, out of every log;
 * while someone signs in first (perhaps from an emailed link, in another tab) it waits in
 * local storage, and the home page offers to carry on.
 */
function takeToken(): string | null {
  const match = /token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    localStorage.setItem(INVITE_STORAGE_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname);
    return match[1];
  }
  return localStorage.getItem(INVITE_STORAGE_KEY);
}

export default function AcceptInvite() {
  const { t } = useTranslation();
  const [token] = useState(takeToken);
  const me = useMe();
  const preview = useInvitePreview(token);
  const accept = useAcceptInvite();
  const navigate = useNavigate();

  if (!token) {
    return (
      <>
        <PageTitle>{t('invite.title')}</PageTitle>
        <p>{t('invite.missing')}</p>
      </>
    );
  }
  if (preview.isPending || me.isPending) return <p role="status">{t('app.loading')}</p>;
  if (preview.isError) {
    const error = preview.error;
    if (error instanceof ApiError && (error.status === 410 || error.status === 404)) {
      localStorage.removeItem(INVITE_STORAGE_KEY);
    }
    return (
      <>
        <PageTitle>{t('invite.title')}</PageTitle>
        <p role="alert">
          {error instanceof ApiError && (error.status === 410 || error.status === 404)
            ? t('invite.expired')
            : problemMessage(t, error)}
        </p>
      </>
    );
  }
  const { group, myMembership } = preview.data;
  return (
    <>
      <PageTitle>{t('invite.titleFor', { name: group.name })}</PageTitle>
      {group.locationName ? <p className="muted">{group.locationName}</p> : null}
      {group.description ? <p className="pre-line">{group.description}</p> : null}
      {myMembership?.status === 'active' ? (
        <p>
          {t('invite.alreadyIn')} <Link to={`/groups/${group.slug}`}>{t('invite.open')}</Link>
        </p>
      ) : me.data ? (
        <>
          <FormAlert
            message={
              accept.error
                ? accept.error instanceof ApiError && accept.error.code === 'banned'
                  ? t('groups.page.banned')
                  : accept.error instanceof ApiError && accept.error.status === 410
                    ? t('invite.expired')
                    : problemMessage(t, accept.error)
                : undefined
            }
          />
          <button
            type="button"
            className="button primary"
            onClick={() =>
              accept.mutate(token, {
                onSuccess: (joined) => {
                  localStorage.removeItem(INVITE_STORAGE_KEY);
                  navigate(`/groups/${joined.slug}`);
                },
              })
            }
          >
            {t('invite.join', { name: group.name })}
          </button>
        </>
      ) : (
        <>
          <p>{t('invite.signInFirst')}</p>
          <p className="actions">
            <Link className="button primary" to="/sign-in">
              {t('nav.signIn')}
            </Link>
            <Link className="button" to="/sign-up">
              {t('nav.signUp')}
            </Link>
          </p>
        </>
      )}
    </>
  );
}
