import { useEffect, useRef } from 'react';
import { toLocale } from '../../../common/constants.ts';
import { useMe } from '../api/accounts.ts';
import i18n, { setLocale } from './index.ts';

/**
 * Once someone is signed in, the language saved on their account wins over this browser's: a
 * French speaker on a library computer set to English reads French. Applied when the account's
 * language is first seen or changes, so switching languages here (which saves it) never fights it.
 */
export function useAccountLanguage() {
  const me = useMe();
  const applied = useRef<string | null>(null);
  const locale = me.data?.locale;
  useEffect(() => {
    if (!locale || locale === applied.current) return;
    applied.current = locale;
    if (toLocale(locale) !== i18n.language) void setLocale(toLocale(locale));
  }, [locale]);
}
