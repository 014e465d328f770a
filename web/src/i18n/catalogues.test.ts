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
        // A sentence, or plural forms of one ("the problem below", "the 2 problems below").
        const key = problemKey(code);
        const sentence = lookup(catalogue, key) ?? lookup(catalogue, `${key}_other`);
        expect(typeof sentence === 'string' && sentence.length > 0, `${language}: ${code}`).toBe(
          true,
        );
      }
    }
  });

  it('count things with plural forms: "1 comment", never "1 comments"', () => {
    const PLURAL = /_(zero|one|two|few|many|other)$/;
    for (const [language, catalogue] of Object.entries({ en, fr })) {
      const all = keys(catalogue);
      const text = (key: string) =>
        key
          .split('.')
          .reduce<string | Catalogue>((node, part) => (node as Catalogue)[part]!, catalogue);
      for (const key of all) {
        // A number said in words needs the plural forms of the words around it.
        if (String(text(key)).includes('{{count}}')) {
          expect(PLURAL.test(key), `${language}: ${key} says {{count}} without plural forms`).toBe(
            true,
          );
        }
        if (PLURAL.test(key)) {
          const base = key.replace(PLURAL, '');
          expect(all, `${language}: ${base} has no _other form`).toContain(`${base}_other`);
        }
      }
    }
  });
});
