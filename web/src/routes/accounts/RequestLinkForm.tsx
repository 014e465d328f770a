import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useRequestLink } from '../../api/accounts.ts';
import { fieldMessages, problemMessage } from '../../api/messages.ts';
import {
  FormAlert,
  formText,
  SubmitButton,
  TextField,
  useFormErrors,
} from '../../components/Form.tsx';
import { useValidators } from './validators.ts';

/** "Email me a link": used on the sign-in page and wherever a link turned out to be spent. */
export function RequestLinkForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const requestLink = useRequestLink();
  const validate = useValidators();
  const form = useFormErrors({ email: validate.email }, fieldMessages(t, requestLink.error));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) return;
    const email = formText(event.currentTarget, 'email');
    requestLink.mutate(
      { email },
      { onSuccess: () => navigate('/check-email', { state: { email } }) },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate className="form">
      <FormAlert message={requestLink.error ? problemMessage(t, requestLink.error) : undefined} />
      <TextField
        name="email"
        type="email"
        label={t('fields.email')}
        autoComplete="email"
        isRequired
        error={form.errors.email}
        onEdit={form.edited}
      />
      <SubmitButton isPending={requestLink.isPending}>{t('signIn.sendLink')}</SubmitButton>
    </form>
  );
}
