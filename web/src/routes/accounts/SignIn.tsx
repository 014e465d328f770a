import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { usePasswordSignIn, useRequestLink } from '../../api/accounts.ts';
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

type Way = 'link' | 'password';

/**
 * The way this browser signed in last: someone who uses a password finds its field ready, so a
 * password manager can fill both fields at once. Only the way is kept, never the address.
 */
const WAY_KEY = 'kindred.sign-in-way';
const lastWay = (): Way => {
  try {
    return localStorage.getItem(WAY_KEY) === 'password' ? 'password' : 'link';
  } catch {
    return 'link';
  }
};
const keepWay = (way: Way) => {
  try {
    localStorage.setItem(WAY_KEY, way);
  } catch {
    // Storage refused (a private window): the next visit starts from the link.
  }
};

/** One email field, then the person picks: a link by email (no password needed) or a password. */
export default function SignIn() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [way, setWay] = useState<Way>(lastWay);
  const requestLink = useRequestLink();
  const password = usePasswordSignIn();
  const active = way === 'link' ? requestLink : password;
  const validate = useValidators();
  const form = useFormErrors(
    way === 'link'
      ? { email: validate.email }
      : { email: validate.email, password: validate.required },
    fieldMessages(t, active.error),
  );

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) return;
    const email = formText(event.currentTarget, 'email');
    if (way === 'link') {
      requestLink.mutate(
        { email },
        {
          onSuccess: () => {
            keepWay('link');
            navigate('/check-email', { state: { email } });
          },
        },
      );
      return;
    }
    password.mutate(
      { email, password: formText(event.currentTarget, 'password') },
      {
        onSuccess: () => {
          keepWay('password');
          navigate('/');
        },
      },
    );
  };

  return (
    <>
      <PageTitle>{t('signIn.title')}</PageTitle>
      <form onSubmit={onSubmit} noValidate className="form">
        <FormAlert message={active.error ? problemMessage(t, active.error) : undefined} />
        <TextField
          name="email"
          type="email"
          label={t('fields.email')}
          autoComplete="username"
          isRequired
          error={form.errors.email}
          onEdit={form.edited}
        />
        <fieldset className="choices">
          <legend>{t('signIn.how')}</legend>
          {(['link', 'password'] as const).map((option) => (
            // The hint describes the choice; the choice's name is its few words.
            <label key={option}>
              <input
                type="radio"
                name="way"
                value={option}
                checked={way === option}
                onChange={() => setWay(option)}
                aria-describedby={`way-${option}-hint`}
              />{' '}
              <span>
                {t(`signIn.way.${option}`)}
                <span className="hint block" id={`way-${option}-hint`} aria-hidden="true">
                  {t(`signIn.wayHint.${option}`)}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        {way === 'password' ? (
          <TextField
            name="password"
            type="password"
            label={t('fields.password')}
            autoComplete="current-password"
            isRequired
            error={form.errors.password}
            onEdit={form.edited}
          />
        ) : null}
        <SubmitButton isPending={active.isPending}>
          {way === 'link' ? t('signIn.sendLink') : t('signIn.submitPassword')}
        </SubmitButton>
      </form>
      <p>
        {t('signIn.noAccount')} <Link to="/sign-up">{t('signIn.createAccount')}</Link>
      </p>
    </>
  );
}
