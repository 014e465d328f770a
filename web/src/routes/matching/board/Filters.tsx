import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CATEGORIES, URGENCIES } from '../../../../../common/constants.ts';
import type { TGroup } from '../../../../../common/groups.ts';
import type { BoardQuery } from '../../../api/matching.ts';
import { COMMON_LANGUAGES } from '../../../i18n/languages.ts';

/** The board's filters, each kept in the address. */
export const FILTERS = ['q', 'category', 'urgency', 'area', 'language', 'unanswered'] as const;

/** Search, help with, urgency, area, language, unanswered and order: each change is in the address. */
export function Filters({
  group: g,
  query,
  set,
}: {
  group: Pick<TGroup, 'categories' | 'areaNames'>;
  query: BoardQuery;
  set: (changes: Record<string, string>) => void;
}) {
  const { t, i18n } = useTranslation();
  const applied = FILTERS.filter((key) => query[key]).length;
  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    set({ q: String(new FormData(event.currentTarget).get('q') ?? '').trim() });
  };
  return (
    <section className="board-filters" aria-label={t('matching.board.filters')}>
      <form onSubmit={onSearch} className="board-search">
        <label htmlFor="board-q">{t('matching.board.search')}</label>
        <span className="board-search-row">
          <input id="board-q" name="q" type="search" defaultValue={query.q} key={query.q} />
          <button type="submit" className="button">
            {t('matching.board.searchButton')}
          </button>
        </span>
      </form>
      <Choice
        id="board-category"
        label={t('posts.feed.category')}
        value={query.category ?? ''}
        onChange={(value) => set({ category: value })}
        options={[
          ['', t('posts.feed.allCategories')],
          ...CATEGORIES.filter((c) => g.categories.includes(c)).map(
            (c) => [c, t(`categories.${c}`)] as [string, string],
          ),
        ]}
      />
      <Choice
        id="board-urgency"
        label={t('matching.board.urgency')}
        value={query.urgency ?? ''}
        onChange={(value) => set({ urgency: value })}
        options={[
          ['', t('matching.board.anyUrgency')],
          ...URGENCIES.map((u) => [u, t(`posts.urgency.${u}`)] as [string, string]),
        ]}
      />
      {g.areaNames.length > 0 ? (
        <Choice
          id="board-area"
          label={t('matching.board.area')}
          value={query.area ?? ''}
          onChange={(value) => set({ area: value })}
          options={[
            ['', t('matching.board.anyArea')],
            ...g.areaNames.map((name) => [name, name] as [string, string]),
          ]}
        />
      ) : null}
      <Choice
        id="board-language"
        label={t('matching.board.language')}
        value={query.language ?? ''}
        onChange={(value) => set({ language: value })}
        options={[['', t('matching.board.anyLanguage')], ...languageOptions(i18n.language)]}
      />
      <label className="inline-check">
        {/* Uncontrolled, keyed by the address: it ticks at once (see Members.tsx). */}
        <input
          type="checkbox"
          key={query.unanswered}
          defaultChecked={query.unanswered === 'true'}
          onChange={(event) => set({ unanswered: event.target.checked ? 'true' : '' })}
        />{' '}
        {t('posts.feed.unanswered')}
      </label>
      <Choice
        id="board-sort"
        label={t('matching.board.sort')}
        value={query.sort ?? 'urgency'}
        onChange={(value) => set({ sort: value === 'urgency' ? '' : value })}
        options={[
          ['urgency', t('matching.board.byUrgency')],
          ['age', t('matching.board.byAge')],
        ]}
      />
      {applied > 0 ? (
        <button
          type="button"
          className="link-button"
          onClick={() => set(Object.fromEntries(FILTERS.map((key) => [key, ''])))}
        >
          {t('matching.board.clear', { count: applied })}
        </button>
      ) : null}
    </section>
  );
}

function Choice(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<[string, string]>;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

function languageOptions(language: string): Array<[string, string]> {
  const names = new Intl.DisplayNames([language], { type: 'language' });
  return COMMON_LANGUAGES.map((code) => [code, names.of(code) ?? code] as [string, string]).sort(
    (a, b) => a[1].localeCompare(b[1], language),
  );
}
