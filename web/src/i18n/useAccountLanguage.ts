import { useEffect, useRef } from 'react';
import { toLocale } from '../../../common/constants.ts';
import { useMe } from '../api/accounts.ts';
import { api } from '../api/client.ts';
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

/**
 * Quiet hours are kept in the person's time zone: the first browser that sees an account without
 * one says which zone it is in, once. The person can change it in their notification settings.
 */
export function useAccountTimeZone() {
  const me = useMe();
  const sent = useRef(false);
  const isMissing = me.data != null && me.data.timeZone === null;
  useEffect(() => {
    if (!isMissing || sent.current) return;
    sent.current = true;
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (timeZone) {
      void api('PUT', '/api/v1/me/notification-settings', { timeZone }).catch(() => undefined);
    }
  }, [isMissing]);
}
