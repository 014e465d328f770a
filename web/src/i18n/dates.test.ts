import { describe, expect, it } from 'vitest';
import { formatLocale } from './dates.ts';

describe('the locale dates are written in', () => {
  it("is the browser's own variant of the page's language, else the page's language", () => {
    expect(formatLocale('en', ['en-GB', 'fr-CA'])).toBe('en-GB');
    expect(formatLocale('fr', ['en-GB', 'fr-CA'])).toBe('fr-CA');
    expect(formatLocale('fr', ['en-US'])).toBe('fr');
  });

  it('survives the POSIX tags a browser without a locale reports', () => {
    // Intl refuses these outright (RangeError: Invalid language tag): the page must still draw.
    expect(() => new Intl.DateTimeFormat('en-US@posix')).toThrow(RangeError);
    expect(formatLocale('en', ['en-US@posix'])).toBe('en-US');
    expect(formatLocale('en', ['en_GB.UTF-8'])).toBe('en-GB');
    expect(formatLocale('en', ['!!', 'C'])).toBe('en');
    expect(() => new Intl.DateTimeFormat(formatLocale('en', ['en-US@posix']))).not.toThrow();
  });
});
