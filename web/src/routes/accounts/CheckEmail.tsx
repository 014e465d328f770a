import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import type { TLocale } from '../../../../common/accounts.ts';
import { useRequestLink, useSignUp } from '../../api/accounts.ts';
import { problemMessage } from '../../api/messages.ts';
import { FormAlert, Notice } from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';

type State = { email?: string; displayName?: string; isSignUp?: boolean } | null;

export default function CheckEmail() {
  const { t, i18n } = useTranslation();
  const state = useLocation().state as State;
  const signUp = useSignUp();
  const requestLink = useRequestLink();
  const resend = state?.isSignUp ? signUp : requestLink;

  const onResend = () => {
    if (!state?.email) return;
    if (state.isSignUp) {
      signUp.mutate({
        email: state.email,
        displayName: state.displayName ?? '',
        locale: i18n.language as TLocale,
      });
    } else {
      requestLink.mutate({ email: state.email });
    }
  };

  return (
    <>
      <PageTitle>{t('checkEmail.title')}</PageTitle>
      <p className="lead">
        {state?.email ? t('checkEmail.body', { email: state.email }) : t('checkEmail.bodyNoEmail')}
      </p>
      <p>{t('checkEmail.expiry')}</p>
      <p>{t('checkEmail.notArrived')}</p>
      {state?.email ? (
        <button type="button" className="button" onClick={onResend} disabled={resend.isPending}>
          {t('checkEmail.resend')}
        </button>
      ) : null}
      <Notice message={resend.isSuccess ? t('checkEmail.resent') : undefined} />
      <FormAlert message={resend.error ? problemMessage(t, resend.error) : undefined} />
    </>
  );
}
