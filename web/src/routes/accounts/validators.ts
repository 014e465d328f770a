import { useTranslation } from 'react-i18next';

import { DISPLAY_NAME_MAX, PASSWORD_MAX, PASSWORD_MIN } from '../../../../common/constants.ts';

export { PASSWORD_MIN };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks made before sending, with the same words the server's refusals get. */
export function useValidators() {
  const { t } = useTranslation();
  return {
    email: (value: string) =>
      !value.trim() ? t('errors.required') : EMAIL.test(value.trim()) ? null : t('errors.email'),
    displayName: (value: string) =>
      !value.trim()
        ? t('errors.required')
        : value.trim().length > DISPLAY_NAME_MAX
          ? t('errors.displayName')
          : null,
    newPassword: (value: string) =>
      value.length < PASSWORD_MIN
        ? t('errors.passwordTooShort', { min: PASSWORD_MIN })
        : value.length > PASSWORD_MAX
          ? t('errors.passwordTooLong', { max: PASSWORD_MAX })
          : null,
    required: (value: string) => (value ? null : t('errors.required')),
  };
}
