import { useTranslation } from 'react-i18next';

/**
 * The locale dates are written in: the browser's own variant of the page's language (an en-GB
 * reader of the English page sees "2 December 2026, 15:00", an en-US one "December 2, 2026,
 * 3:00 PM"), else the page's language.
 */
export function formatLocale(language: string, preferred: readonly string[] = navigator.languages) {
  for (const tag of preferred) {
    const locale = validLocale(tag);
    if (locale && locale.split('-')[0]?.toLowerCase() === language) return locale;
  }
  return language;
}

/**
 * A browser's language as a BCP 47 tag Intl accepts, or null. Chromium started without a locale
 * reports the system's POSIX one ("en-US@posix", "en_GB.UTF-8"), which Intl refuses with a
 * RangeError: one such tag must never stop a page from drawing.
 */
function validLocale(tag: string) {
  const cleaned = tag.replace(/[.@].*$/, '').replace(/_/g, '-');
  try {
    return Intl.getCanonicalLocales(cleaned)[0] ?? null;
  } catch {
    return null;
  }
}

/** Dates and times in the reader's locale; a date alone ("2026-12-05") is that calendar day. */
export function useDates() {
  const { i18n } = useTranslation();
  const locale = formatLocale(i18n.language);
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  const calendarDay = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return {
    /** "2 December 2026, 15:00" */
    dateTime: (iso: string) => `${day.format(new Date(iso))}, ${time.format(new Date(iso))}`,
    /** "2 December 2026" */
    date: (iso: string) => day.format(new Date(iso)),
    /** A calendar date with no time or zone, as a date input gives it. */
    calendarDate: (ymd: string) => calendarDay.format(new Date(`${ymd}T00:00:00Z`)),
  };
}
