import type { TFunction } from 'i18next';
import { PASSWORD_MAX as MAX, PASSWORD_MIN as MIN } from '../../../common/constants.ts';
import i18n from '../i18n/index.ts';
import { ApiError } from './client.ts';
import { problemKey } from './problem-keys.ts';

/** A sentence for the whole form, in the reader's language. */
export function problemMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.generic');
  if (error.code === 'rate-limited') {
    return t('errors.rateLimited', {
      minutes: Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60)),
    });
  }
  const key = problemKey(error.code);
  // "Please fix the problem below" or "…the 2 problems below": one per field refused.
  const count = Math.max(1, new Set(error.errors.map((e) => e.field)).size);
  return i18n.exists(key) ? t(key, { count }) : t('errors.generic');
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
