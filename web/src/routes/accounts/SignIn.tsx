import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { usePasswordSignIn } from '../../api/accounts.ts';
import { fieldMessages, problemMessage } from '../../api/messages.ts';
import {
  FormAlert,
  formText,
  SubmitButton,
  TextField,
  useFormErrors,
} from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RequestLinkForm } from './RequestLinkForm.tsx';
import { useValidators } from './validators.ts';

export default function SignIn() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const password = usePasswordSignIn();
  const validate = useValidators();
  const form = useFormErrors(
    { email: validate.email, password: validate.required },
    fieldMessages(t, password.error),
  );

  const onPassword = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) return;
    password.mutate(
      {
        email: formText(event.currentTarget, 'email'),
        password: formText(event.currentTarget, 'password'),
      },
      { onSuccess: () => navigate('/') },
    );
  };

  return (
    <>
      <PageTitle>{t('signIn.title')}</PageTitle>
      <section aria-labelledby="link-title">
        <h2 id="link-title">{t('signIn.linkTitle')}</h2>
        <p>{t('signIn.linkIntro')}</p>
        <RequestLinkForm />
      </section>
      <section aria-labelledby="password-title">
        <h2 id="password-title">{t('signIn.passwordTitle')}</h2>
        <p>{t('signIn.passwordIntro')}</p>
        <form onSubmit={onPassword} noValidate className="form">
          <FormAlert message={password.error ? problemMessage(t, password.error) : undefined} />
          <TextField
            name="email"
            type="email"
            label={t('fields.email')}
            autoComplete="username"
            isRequired
            error={form.errors.email}
            onEdit={form.edited}
          />
          <TextField
            name="password"
            type="password"
            label={t('fields.password')}
            autoComplete="current-password"
            isRequired
            error={form.errors.password}
            onEdit={form.edited}
          />
          <SubmitButton isPending={password.isPending}>{t('signIn.submitPassword')}</SubmitButton>
        </form>
      </section>
      <p>
        {t('signIn.noAccount')} <Link to="/sign-up">{t('signIn.createAccount')}</Link>
      </p>
    </>
  );
}
