import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { TLocale } from '../../../../common/constants.ts';
import { useSignUp } from '../../api/accounts.ts';
import { fieldMessages, problemMessage } from '../../api/messages.ts';
import {
  FormAlert,
  formText,
  SubmitButton,
  TextField,
  useFormErrors,
} from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useValidators } from './validators.ts';

export default function SignUp() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const signUp = useSignUp();
  const validate = useValidators();
  const form = useFormErrors(
    { displayName: validate.displayName, email: validate.email },
    fieldMessages(t, signUp.error),
  );

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) return;
    const email = formText(event.currentTarget, 'email');
    const displayName = formText(event.currentTarget, 'displayName');
    signUp.mutate(
      { email, displayName, locale: i18n.language as TLocale },
      {
        onSuccess: () =>
          navigate('/check-email', { state: { email, displayName, isSignUp: true } }),
      },
    );
  };

  return (
    <>
      <PageTitle>{t('signUp.title')}</PageTitle>
      <p>{t('signUp.intro')}</p>
      <form onSubmit={onSubmit} noValidate className="form">
        <FormAlert message={signUp.error ? problemMessage(t, signUp.error) : undefined} />
        <TextField
          name="displayName"
          label={t('fields.displayName')}
          description={t('fields.displayNameHint')}
          autoComplete="nickname"
          isRequired
          error={form.errors.displayName}
          onEdit={form.edited}
        />
        <TextField
          name="email"
          type="email"
          label={t('fields.email')}
          description={t('fields.emailHint')}
          autoComplete="email"
          isRequired
          error={form.errors.email}
          onEdit={form.edited}
        />
        <SubmitButton isPending={signUp.isPending}>{t('signUp.submit')}</SubmitButton>
      </form>
      <p>
        {t('signUp.haveAccount')} <Link to="/sign-in">{t('signUp.signInInstead')}</Link>
      </p>
    </>
  );
}
