import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type TLocale, toLocale } from '../../../common/constants.ts';

// Only the reader's language is downloaded: each catalogue is its own chunk (about 12 KB
// gzipped), fetched before the first render so nobody sees the page change language.
const CATALOGUES: Record<TLocale, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => import('./en.json'),
  fr: () => import('./fr.json'),
};

async function loadCatalogue(locale: TLocale) {
  if (i18n.hasResourceBundle(locale, 'translation')) return;
  i18n.addResourceBundle(locale, 'translation', (await CATALOGUES[locale]()).default);
}

export const LANGUAGE_NAMES: Record<TLocale, string> = { en: 'English', fr: 'Français' };
const RTL = new Set(['ar', 'he', 'fa', 'ur']);
const STORAGE_KEY = 'kindred.locale';

/** The language chosen before on this device, else the browser's, else English. */
function initialLocale(): TLocale {
  const stored = localStorage.getItem(STORAGE_KEY);
  return toLocale(stored ?? navigator.language.split('-')[0]?.toLowerCase() ?? 'en');
}

function applyToDocument(locale: string) {
  document.documentElement.lang = locale;
  document.documentElement.dir = RTL.has(locale.split('-')[0] ?? '') ? 'rtl' : 'ltr';
}

const first = initialLocale();
await i18n.use(initReactI18next).init({
  resources: { [first]: { translation: (await CATALOGUES[first]()).default } },
  // Every catalogue has every key (catalogues.test.ts), so none needs another to fall back on.
  partialBundledLanguages: true,
  lng: first,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyToDocument(i18n.language);
i18n.on('languageChanged', applyToDocument);

export async function setLocale(locale: TLocale) {
  localStorage.setItem(STORAGE_KEY, locale);
  await loadCatalogue(locale);
  return i18n.changeLanguage(locale);
}

export default i18n;
