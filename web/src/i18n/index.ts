import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type TLocale, toLocale } from '../../../common/constants.ts';
import en from './en.json';
import fr from './fr.json';

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

i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: initialLocale(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyToDocument(i18n.language);
i18n.on('languageChanged', applyToDocument);

export function setLocale(locale: TLocale) {
  localStorage.setItem(STORAGE_KEY, locale);
  return i18n.changeLanguage(locale);
}

export default i18n;
