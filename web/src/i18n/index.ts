import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type TLocale, toLocale } from '../../../common/constants.ts';

// Only the reader's language is downloaded: each catalogue is its own chunk (about 12 KB
// gzipped), fetched before the first render so nobody sees the page change language.
const CATALOGUES: Record<TLocale, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => import('./en.json'),
  fr: () => import('./fr.json'),
};

/** A catalogue, tried three times: a phone on a poor connection drops requests. */
async function fetchCatalogue(locale: TLocale) {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await CATALOGUES[locale]()).default;
    } catch (error) {
      if (attempt === 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

async function loadCatalogue(locale: TLocale) {
  if (i18n.hasResourceBundle(locale, 'translation')) return;
  i18n.addResourceBundle(locale, 'translation', await fetchCatalogue(locale));
}

/**
 * Without its words the app cannot say anything, so instead of a blank page this says, in
 * both languages it ships, what happened and offers to reload (which fetches everything again).
 */
function showLoadFailure() {
  const root = document.getElementById('root');
  if (!root) return;
  const main = document.createElement('main');
  main.id = 'main';
  const heading = document.createElement('h1');
  heading.textContent = 'Kindred could not load · Kindred n’a pas pu se charger';
  const text = document.createElement('p');
  text.setAttribute('role', 'alert');
  text.textContent =
    'Check your connection, then reload the page. · Vérifiez votre connexion, puis rechargez la page.';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button';
  button.textContent = 'Reload · Recharger';
  button.addEventListener('click', () => window.location.reload());
  main.append(heading, text, button);
  root.replaceChildren(main);
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
let firstCatalogue: Record<string, unknown>;
try {
  firstCatalogue = await fetchCatalogue(first);
} catch (error) {
  showLoadFailure();
  throw error;
}
await i18n.use(initReactI18next).init({
  resources: { [first]: { translation: firstCatalogue } },
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
