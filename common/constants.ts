// Plain constants shared by server and web, with no dependencies, so the web bundle stays small.

export const LOCALES = ['en', 'fr'] as const;
export type TLocale = (typeof LOCALES)[number];

/** A stored or requested language, narrowed to one Kindred speaks (English otherwise). */
export const toLocale = (value: string): TLocale =>
  (LOCALES as readonly string[]).includes(value) ? (value as TLocale) : 'en';

/** SAFETY 11: at least 8 characters, no composition rules, long passphrases welcome. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 1000;

export const DISPLAY_NAME_MAX = 80;
