import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES, type TLocale } from '../../../common/constants.ts';
import { useMe, useUpdateMe } from '../api/accounts.ts';
import { LANGUAGE_NAMES, setLocale } from '../i18n/index.ts';

/** `isCompact`: the label is read but not shown, where the list names itself ("English"). */
export function LanguageSwitch({ isCompact = false }: { isCompact?: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const me = useMe();
  const update = useUpdateMe();

  const change = (locale: TLocale) => {
    void setLocale(locale);
    // A signed-in person's emails follow the language they chose.
    if (me.data && me.data.locale !== locale) update.mutate({ locale });
  };

  return (
    <div className="language-switch">
      <label htmlFor={id} className={isCompact ? 'visually-hidden' : undefined}>
        {t('language.label')}
      </label>
      <select
        id={id}
        value={i18n.language}
        onChange={(event) => change(event.target.value as TLocale)}
      >
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LANGUAGE_NAMES[locale]}
          </option>
        ))}
      </select>
    </div>
  );
}
