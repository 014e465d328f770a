import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import type { TMe } from '../../../../common/accounts.ts';
import { LOCALES, type TLocale } from '../../../../common/constants.ts';
import { useMe, useSetPassword, useSignOut, useUpdateMe } from '../../api/accounts.ts';
import { fieldMessages, problemMessage } from '../../api/messages.ts';
import {
  FormAlert,
  formText,
  Notice,
  SubmitButton,
  TextField,
  useFormErrors,
} from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { LANGUAGE_NAMES, setLocale } from '../../i18n/index.ts';
import { COMMON_LANGUAGES } from '../../i18n/languages.ts';
import { PASSWORD_MIN, useValidators } from './validators.ts';

export default function Profile() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <p role="status">{t('app.loading')}</p>;
  if (!me.data) return <Navigate to="/sign-in" replace />;
  return (
    <>
      <PageTitle>{t('profile.title')}</PageTitle>
      {me.data.isAdmin ? <p className="badge">{t('profile.adminBadge')}</p> : null}
      <p>
        <Link to="/settings/notifications">{t('profile.notificationsLink')}</Link>
      </p>
      <DetailsForm me={me.data} />
      <PasswordForm me={me.data} />
      <SignOutSection />
    </>
  );
}

function DetailsForm({ me }: { me: TMe }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateMe();
  const validate = useValidators();
  const form = useFormErrors({ displayName: validate.displayName }, fieldMessages(t, update.error));
  const localeId = useId();
  const names = new Intl.DisplayNames([i18n.language], { type: 'language' });
  const others = me.languages.filter((code) => !COMMON_LANGUAGES.includes(code));
  const [saved, setSaved] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.check(event.currentTarget)) return;
    const data = new FormData(event.currentTarget);
    const chosen = data.getAll('languages').map(String);
    const typed = formText(event.currentTarget, 'otherLanguages')
      .split(',')
      .map((code) => code.trim())
      .filter(Boolean);
    const locale = formText(event.currentTarget, 'locale') as TLocale;
    setSaved(false);
    update.mutate(
      {
        displayName: formText(event.currentTarget, 'displayName'),
        locale,
        languages: [...new Set([...chosen, ...typed])],
        quickExitSignsOut: data.get('quickExitSignsOut') === 'on',
      },
      {
        onSuccess: () => {
          setSaved(true);
          void setLocale(locale);
        },
      },
    );
  };

  return (
    <section aria-labelledby="details-title">
      <h2 id="details-title">{t('profile.detailsTitle')}</h2>
      <p>{t('profile.emailLabel', { email: me.email })}</p>
      <form onSubmit={onSubmit} noValidate className="form">
        <FormAlert message={update.error ? problemMessage(t, update.error) : undefined} />
        <TextField
          name="displayName"
          label={t('fields.displayName')}
          description={t('fields.displayNameHint')}
          defaultValue={me.displayName}
          isRequired
          error={form.errors.displayName}
          onEdit={form.edited}
        />
        <div className="field">
          <label htmlFor={localeId}>{t('profile.locale')}</label>
          <select id={localeId} name="locale" defaultValue={me.locale}>
            {LOCALES.map((locale) => (
              <option key={locale} value={locale} lang={locale}>
                {LANGUAGE_NAMES[locale]}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="checkboxes">
          <legend>{t('profile.languages')}</legend>
          <p className="hint">{t('profile.languagesHint')}</p>
          {COMMON_LANGUAGES.map((code) => (
            <label key={code}>
              <input
                type="checkbox"
                name="languages"
                value={code}
                defaultChecked={me.languages.includes(code)}
              />{' '}
              {names.of(code) ?? code}
            </label>
          ))}
        </fieldset>
        <TextField
          name="otherLanguages"
          label={t('profile.otherLanguages')}
          description={t('profile.otherLanguagesHint')}
          defaultValue={others.join(', ')}
          error={form.errors.otherLanguages}
          onEdit={form.edited}
        />
        <fieldset className="checkboxes">
          <legend>{t('profile.quickExitTitle')}</legend>
          <label>
            <input
              type="checkbox"
              name="quickExitSignsOut"
              defaultChecked={me.quickExitSignsOut}
              aria-describedby={`${localeId}-quick-exit`}
            />{' '}
            {t('profile.quickExitSignsOut')}
          </label>
          <p className="hint" id={`${localeId}-quick-exit`}>
            {t('profile.quickExitSignsOutHint')}
          </p>
        </fieldset>
        <SubmitButton isPending={update.isPending}>{t('profile.save')}</SubmitButton>
        <Notice message={saved ? t('profile.saved') : undefined} />
      </form>
    </section>
  );
}

function PasswordForm({ me }: { me: TMe }) {
  const { t } = useTranslation();
  const setPassword = useSetPassword();
  const validate = useValidators();
  const form = useFormErrors(
    me.hasPassword
      ? { currentPassword: validate.required, newPassword: validate.newPassword }
      : { newPassword: validate.newPassword },
    fieldMessages(t, setPassword.error),
  );
  const [saved, setSaved] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    setSaved(false);
    if (!form.check(element)) return;
    setPassword.mutate(
      {
        newPassword: formText(element, 'newPassword'),
        ...(me.hasPassword ? { currentPassword: formText(element, 'currentPassword') } : {}),
      },
      {
        onSuccess: () => {
          setSaved(true);
          element.reset();
        },
      },
    );
  };

  return (
    <section aria-labelledby="password-title">
      <h2 id="password-title">{t('profile.passwordTitle')}</h2>
      <p>{me.hasPassword ? t('profile.passwordIntroSet') : t('profile.passwordIntroNone')}</p>
      <form onSubmit={onSubmit} noValidate className="form">
        <FormAlert message={setPassword.error ? problemMessage(t, setPassword.error) : undefined} />
        {/* Lets password managers file the new password under the right account. */}
        <input
          type="email"
          name="username"
          autoComplete="username"
          value={me.email}
          readOnly
          hidden
        />
        {me.hasPassword ? (
          <TextField
            name="currentPassword"
            type="password"
            label={t('fields.currentPassword')}
            autoComplete="current-password"
            isRequired
            error={form.errors.currentPassword}
            onEdit={form.edited}
          />
        ) : null}
        <TextField
          name="newPassword"
          type="password"
          label={t('fields.newPassword')}
          description={t('fields.newPasswordHint', { min: PASSWORD_MIN })}
          autoComplete="new-password"
          isRequired
          error={form.errors.newPassword}
          onEdit={form.edited}
        />
        <SubmitButton isPending={setPassword.isPending}>
          {me.hasPassword ? t('profile.changePassword') : t('profile.setPassword')}
        </SubmitButton>
        <Notice message={saved ? t('profile.passwordSaved') : undefined} />
      </form>
    </section>
  );
}

function SignOutSection() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const signOutEverywhere = useSignOut(true);
  const done = { onSuccess: () => navigate('/', { replace: true }) };
  const error = signOut.error ?? signOutEverywhere.error;
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('profile.sessionsTitle')}</h2>
      <FormAlert message={error ? problemMessage(t, error) : undefined} />
      <p className="actions">
        <button type="button" className="button" onClick={() => signOut.mutate(undefined, done)}>
          {t('profile.signOut')}
        </button>
        <button
          type="button"
          className="button"
          aria-describedby="everywhere-hint"
          onClick={() => signOutEverywhere.mutate(undefined, done)}
        >
          {t('profile.signOutEverywhere')}
        </button>
      </p>
      <p id="everywhere-hint" className="hint">
        {t('profile.signOutEverywhereHint')}
      </p>
    </section>
  );
}
