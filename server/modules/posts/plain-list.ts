// The open asks as plain text, for pasting into a WhatsApp or Facebook post, in the reader's
// language. Labels come from the web app's catalogues, so both say the same words.
import { type TLocale, toLocale } from '../../../common/constants.ts';
import en from '../../../web/src/i18n/en.json' with { type: 'json' };
import fr from '../../../web/src/i18n/fr.json' with { type: 'json' };
import type { Post } from './store.ts';

const CATALOGUES = { en, fr } as const;
const HEADINGS: Record<TLocale, { none: string; some: string }> = {
  en: { none: '{group}: no open asks right now.', some: '{group}: open asks ({count})' },
  fr: {
    none: '{group} : aucune demande ouverte pour l’instant.',
    some: '{group} : demandes ouvertes ({count})',
  },
};

/** No names, no private details: title, kind of help, urgency, area, and the link. */
export function plainList(options: {
  groupName: string;
  asks: Post[];
  origin: string;
  locale: string;
}) {
  const locale = toLocale(options.locale);
  const labels = CATALOGUES[locale];
  const category = (key: string) => (labels.categories as Record<string, string>)[key] ?? key;
  const urgency = (key: string) => (labels.posts.urgency as Record<string, string>)[key] ?? key;
  const lines = options.asks.map((ask) => {
    const parts = [
      ask.category ? `[${category(ask.category)}]` : '',
      ask.title,
      ask.urgency ? `(${urgency(ask.urgency)})` : '',
      ask.locationName ? `· ${ask.locationName}` : '',
    ].filter(Boolean);
    return `• ${parts.join(' ')}\n  ${options.origin}/posts/${ask.id}`;
  });
  const heading = HEADINGS[locale];
  if (lines.length === 0) return `${heading.none.replace('{group}', options.groupName)}\n`;
  const title = heading.some
    .replace('{group}', options.groupName)
    .replace('{count}', String(lines.length));
  return `${title}\n\n${lines.join('\n')}\n`;
}
