import { describe, expect, it } from 'vitest';
import { CATEGORIES, MATCH_EVENT_KINDS, NOTIFICATION_KINDS } from '../../../common/constants.ts';
import { CLIENT_PROBLEM_CODES, PROBLEM_CODES } from '../../../common/problem.ts';
import { problemKey } from '../api/problem-keys.ts';
import en from './en.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };

type Catalogue = { [key: string]: string | Catalogue };

function keys(catalogue: Catalogue, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
}

describe('message catalogues', () => {
  it('say everything in French that they say in English, with the same placeholders', () => {
    const english = keys(en);
    expect(keys(fr).sort()).toEqual([...english].sort());
    const lookup = (catalogue: Catalogue, key: string) =>
      key
        .split('.')
        .reduce<string | Catalogue>(
          (node, part) => (node as Catalogue)[part]!,
          catalogue,
        ) as string;
    for (const key of english) {
      const placeholders = (text: string) =>
        [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect({ key, placeholders: placeholders(lookup(fr, key)) }).toEqual({
        key,
        placeholders: placeholders(lookup(en, key)),
      });
    }
  });

  it('name every canonical category', () => {
    for (const category of CATEGORIES) {
      expect((en.categories as Record<string, string>)[category]).toBeTruthy();
      expect((fr.categories as Record<string, string>)[category]).toBeTruthy();
    }
  });

  it('say every kind of notification and every step of a match, in every language', () => {
    for (const catalogue of [en, fr]) {
      for (const kind of NOTIFICATION_KINDS) {
        expect(catalogue.notifications.kind[kind], `notifications.kind.${kind}`).toBeTruthy();
      }
      for (const kind of MATCH_EVENT_KINDS) {
        expect(catalogue.matching.event[kind], `matching.event.${kind}`).toBeTruthy();
      }
    }
  });

  it('say what every problem code means, in every language (no "Something went wrong")', () => {
    const lookup = (catalogue: Catalogue, key: string) =>
      key
        .split('.')
        .reduce<string | Catalogue | undefined>(
          (node, part) => (typeof node === 'object' ? node[part] : undefined),
          catalogue,
        );
    for (const code of [...PROBLEM_CODES, ...CLIENT_PROBLEM_CODES]) {
      for (const [language, catalogue] of Object.entries({ en, fr })) {
        const sentence = lookup(catalogue, problemKey(code));
        expect(typeof sentence === 'string' && sentence.length > 0, `${language}: ${code}`).toBe(
          true,
        );
      }
    }
  });
});
