import type { TFunction } from 'i18next';
import { PASSWORD_MAX as MAX, PASSWORD_MIN as MIN } from '../../../common/constants.ts';
import i18n from '../i18n/index.ts';
import { ApiError } from './client.ts';

/** A sentence for the whole form, in the reader's language. */
export function problemMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.generic');
  switch (error.code) {
    case 'network':
      return t('errors.network');
    case 'rate-limited':
      return t('errors.rateLimited', {
        minutes: Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60)),
      });
    case 'wrong-credentials':
      return t('errors.wrongCredentials');
    case 'setup-link-invalid':
      return t('errors.setupInvalid');
    case 'setup-done':
      return t('setup.done');
    case 'email-taken':
      return t('errors.emailTaken');
    case 'invalid-input':
    case 'current-password-wrong':
      return t('errors.summary');
    case 'sign-in-required':
      return t('errors.signInRequired');
    default:
      return i18n.exists(`errors.codes.${error.code}`)
        ? t(`errors.codes.${error.code}`)
        : t('errors.generic');
  }
}

/** Messages for each field the server refused, keyed by field name. */
export function fieldMessages(t: TFunction, error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const e of error.errors) {
    const field = e.field.split('.')[0] ?? e.field;
    if (field === 'email') out.email = t('errors.email');
    else if (field === 'displayName') out.displayName = t('errors.displayName');
    else if (field === 'newPassword')
      out.newPassword =
        e.code === 'too_big'
          ? t('errors.passwordTooLong', { max: MAX })
          : t('errors.passwordTooShort', { min: MIN });
    else if (field === 'currentPassword') out.currentPassword = t('errors.currentPasswordWrong');
    else if (field === 'languages') out.otherLanguages = t('errors.languages');
    else if (i18n.exists(`errors.fields.${field}`)) out[field] = t(`errors.fields.${field}`);
    else out[field] = e.message;
  }
  return out;
}
