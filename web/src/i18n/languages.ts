/**
 * The languages most spoken in the groups Kindred serves: checkboxes on the profile (anything
 * else goes in its free "other" field), choices in the board's language filter.
 */
export const COMMON_LANGUAGES = [
  'en',
  'fr',
  'es',
  'ar',
  'zh',
  'pt',
  'pa',
  'hi',
  'ur',
  'tl',
  'uk',
  'ru',
  'pl',
  'fa',
  'so',
  'vi',
];
