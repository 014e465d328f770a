import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useSetup } from '../../api/accounts.ts';
import { fieldMessages, problemMessage } from '../../api/messages.ts';
import {
  FormAlert,
  formText,
  SubmitButton,
  TextField,
  useFormErrors,
} from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useHashToken } from './hash-token.ts';
import { useValidators } from './validators.ts';

/** Opened from the one-time link printed when Kindred first starts. */
export default function Setup() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const token = useHashToken();
  const setup = useSetup();
  const validate = useValidators();
  const form = useFormErrors(
    { displayName: validate.displayName, email: validate.email },
    fieldMessages(t, setup.error),
  );

  if (!token) {
    return (
      <>
        <PageTitle>{t('setup.title')}</PageTitle>
        <div role="alert" className="alert">
          {t('setup.missing')}
        </div>
        <p>
          <Link to="/sign-in">{t('nav.signIn')}</Link>
        </p>
      </>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) return;
    setup.mutate(
      {
        token,
        email: formText(event.currentTarget, 'email'),
        displayName: formText(event.currentTarget, 'displayName'),
      },
      { onSuccess: () => navigate('/profile', { replace: true }) },
    );
  };

  return (
    <>
      <PageTitle>{t('setup.title')}</PageTitle>
      <p>{t('setup.intro')}</p>
      <form onSubmit={onSubmit} noValidate className="form">
        <FormAlert message={setup.error ? problemMessage(t, setup.error) : undefined} />
        <TextField
          name="displayName"
          label={t('fields.displayName')}
          autoComplete="name"
          isRequired
          error={form.errors.displayName}
          onEdit={form.edited}
        />
        <TextField
          name="email"
          type="email"
          label={t('fields.email')}
          autoComplete="email"
          isRequired
          error={form.errors.email}
          onEdit={form.edited}
        />
        <SubmitButton isPending={setup.isPending}>{t('setup.submit')}</SubmitButton>
      </form>
    </>
  );
}
