import type { TFunction } from 'i18next';
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigationType, useParams, useSearchParams } from 'react-router';
import {
  BOARD_COLUMNS,
  CATEGORIES,
  type TBoardColumn,
  URGENCIES,
} from '../../../../common/constants.ts';
import type { TBoardCard, TSuggestion } from '../../../../common/matching.ts';
import { useMe } from '../../api/accounts.ts';
import { useGroup } from '../../api/groups.ts';
import {
  type BoardQuery,
  useBoard,
  useBoardAssign,
  useBoardClaim,
  useBoardEvents,
} from '../../api/matching.ts';
import { problemMessage } from '../../api/messages.ts';
import { FormAlert } from '../../components/Form.tsx';
import { Icon } from '../../components/Icon.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useWide } from '../../components/useWide.ts';
import { COMMON_LANGUAGES } from '../../i18n/languages.ts';

const FILTERS = ['q', 'category', 'urgency', 'area', 'language', 'unanswered'] as const;

/** Where focus was on the board, so Back from an ask returns the dispatcher to that card. */
const focusKey = (slug: string) => `kindred.board-focus.${slug}`;

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * The moderators' dispatch board: every open ask by column, side by side on a wide screen and
 * one column at a time (tabs) on a phone. Filters live in the address, so Back returns to the
 * same board; j/k move between cards, a assigns the top suggestion, c claims, ? explains.
 */
export default function Board() {
  const { t, i18n } = useTranslation();
  const { slug = '' } = useParams();
  const group = useGroup(slug);
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const query: BoardQuery = { sort: params.get('sort') ?? 'urgency' };
  for (const key of FILTERS) query[key] = params.get(key) ?? '';
  const canModerate = group.data?.canModerate === true;
  const board = useBoard(slug, query);
  useBoardEvents(slug, canModerate);
  const assign = useBoardAssign(slug);
  const claim = useBoardClaim(slug);
  const isWide = useWide();
  const tab = (BOARD_COLUMNS as readonly string[]).includes(params.get('column') ?? '')
    ? (params.get('column') as TBoardColumn)
    : 'new';
  const [isHelpOpen, setHelpOpen] = useState(false);
  // What just happened, said to screen readers; focus follows the card it happened to.
  const [said, setSaid] = useState<{ postId: string; message: string } | null>(null);
  // Back (or Forward) to the board returns focus to the card last opened; arriving afresh
  // leaves it on the page's heading.
  const restored = useRef(useNavigationType() !== 'POP');

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: looked for again each time the board's data arrives, since a card reaches its new column only then
  useEffect(() => {
    if (!board.data) return;
    const id = said?.postId ?? (restored.current ? null : sessionStorage.getItem(focusKey(slug)));
    restored.current = true;
    if (!id) return;
    const link = document.getElementById(`card-link-${id}`);
    link?.focus();
    link?.scrollIntoView({ block: 'nearest' });
  }, [said, board.data]);

  if (group.isPending) return <p role="status">{t('app.loading')}</p>;
  if (group.isError) return <p role="alert">{problemMessage(t, group.error)}</p>;
  const g = group.data;
  const cards = board.data?.cards ?? [];
  const myId = me.data?.id ?? '';
  const now = Date.now();
  // A claim lapses by itself: one past its time is not shown, whatever the cache holds.
  const claimOf = (card: TBoardCard) =>
    card.claim && new Date(card.claim.until).getTime() > now ? card.claim : null;

  const doAssign = (card: TBoardCard, helper: { id: string; displayName: string }) =>
    assign.mutate(
      { postId: card.post.id, helperId: helper.id },
      {
        onSuccess: () =>
          setSaid({
            postId: card.post.id,
            message: t('matching.board.assigned', {
              name: helper.displayName,
              title: card.post.title,
            }),
          }),
      },
    );
  const doClaim = (card: TBoardCard) => {
    const mine = claimOf(card)?.by.id === myId;
    claim.mutate(
      { postId: card.post.id, claim: !mine },
      {
        onSuccess: () =>
          setSaid({
            postId: card.post.id,
            message: t(mine ? 'matching.board.released' : 'matching.board.claimed', {
              title: card.post.title,
            }),
          }),
      },
    );
  };

  // Shortcuts for the card that has focus (or the first): never while typing.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (isTyping(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('a[data-card]')];
    const current = links.findIndex((link) =>
      link.closest('article')?.contains(document.activeElement),
    );
    const card = cards.find((c) => c.post.id === links[current]?.dataset.card);
    if (event.key === 'j' || event.key === 'k') {
      event.preventDefault();
      const next =
        current === -1
          ? 0
          : Math.min(Math.max(current + (event.key === 'j' ? 1 : -1), 0), links.length - 1);
      links[next]?.focus();
    } else if (event.key === 'a' && card?.suggestions[0] && !card.match) {
      event.preventDefault();
      doAssign(card, card.suggestions[0].helper);
    } else if (event.key === 'c' && card && canClaim(card)) {
      event.preventDefault();
      doClaim(card);
    } else if (event.key === '?') {
      event.preventDefault();
      setHelpOpen((open) => !open);
    }
  };

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    set({ q: String(new FormData(event.currentTarget).get('q') ?? '').trim() });
  };

  const applied = FILTERS.filter((key) => query[key]).length;
  const shown = isWide ? BOARD_COLUMNS : [tab];
  const filterBar = (
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
  return (
    <div className="board-page">
      <div className="board-top">
        <p className="breadcrumb">
          <Link to={`/groups/${g.slug}`}>{t('groups.backTo', { name: g.name })}</Link>
        </p>
        {g.canModerate ? (
          <p className="hint board-hint">
            {t('matching.board.refreshes')}{' '}
            <button type="button" className="link-button" onClick={() => setHelpOpen((o) => !o)}>
              {t('matching.board.shortcuts')}
            </button>
          </p>
        ) : null}
      </div>
      <PageTitle>{t('matching.board.title', { name: g.name })}</PageTitle>
      {!g.canModerate ? (
        <p>{t('matching.board.moderatorsOnly')}</p>
      ) : (
        <>
          {isWide ? (
            filterBar
          ) : (
            // On a phone the filters fold behind one line that says how many apply.
            <details className="filter-panel">
              <summary>
                <Icon name="filter" />
                <span>
                  {applied === 0
                    ? t('posts.feed.filterNone')
                    : t('matching.board.filtersApplied', { count: applied })}
                </span>
              </summary>
              {filterBar}
            </details>
          )}
          {isHelpOpen ? <Shortcuts onClose={() => setHelpOpen(false)} /> : null}
          <FormAlert
            message={
              assign.error
                ? problemMessage(t, assign.error)
                : claim.error
                  ? problemMessage(t, claim.error)
                  : undefined
            }
          />
          <p role="status" className="visually-hidden">
            {said?.message ?? ''}
          </p>
          {board.isPending ? <p role="status">{t('app.loading')}</p> : null}
          {board.isError ? <p role="alert">{problemMessage(t, board.error)}</p> : null}
          {isWide ? null : (
            <Tabs
              selected={tab}
              totals={board.data?.totals}
              onSelect={(column) => set({ column: column === 'new' ? '' : column })}
            />
          )}
          {/* biome-ignore lint/a11y/noStaticElementInteractions: the board's shortcuts (j, k, a, c, ?) are heard from whatever card has focus inside it; each also has its button */}
          <div
            className="board"
            onKeyDown={onKeyDown}
            aria-busy={board.isPlaceholderData || undefined}
          >
            {shown.map((column) => {
              const inColumn = cards.filter((card) => card.column === column);
              const total = board.data?.totals[column] ?? inColumn.length;
              return (
                <section
                  key={column}
                  aria-labelledby={`column-${column}`}
                  className={inColumn.length === 0 ? 'board-column empty' : 'board-column'}
                  {...(isWide
                    ? {}
                    : {
                        role: 'tabpanel',
                        id: `panel-${column}`,
                        'aria-labelledby': `tab-${column}`,
                      })}
                >
                  <h2 id={`column-${column}`} className={isWide ? undefined : 'visually-hidden'}>
                    {t(`matching.board.columns.${column}`)} ({total})
                  </h2>
                  {inColumn.length === 0 ? (
                    <p className="muted">
                      {applied > 0
                        ? t('matching.board.noneMatch')
                        : t('matching.board.emptyColumn')}
                    </p>
                  ) : null}
                  {total > inColumn.length ? (
                    <p className="hint">
                      {t('matching.board.more', { shown: inColumn.length, total })}
                    </p>
                  ) : null}
                  <ul className="board-cards">
                    {inColumn.map((card) => (
                      <li key={card.post.id}>
                        <Card
                          card={card}
                          claim={claimOf(card)}
                          myId={myId}
                          hours={board.data?.unansweredAlertHours ?? 24}
                          onFocus={() => sessionStorage.setItem(focusKey(slug), card.post.id)}
                          onAssign={(helper) => doAssign(card, helper)}
                          onClaim={() => doClaim(card)}
                        />
                      </li>
                    ))}
                  </ul>
                </section>
              );
            })}
          </div>
        </>
      )}
    </div>
  );
}

const canClaim = (card: TBoardCard) => card.column === 'new' || card.column === 'waiting';

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

/** One column at a time on a phone: tabs with each column's count, arrow keys between them. */
function Tabs(props: {
  selected: TBoardColumn;
  totals: Record<TBoardColumn, number> | undefined;
  onSelect: (column: TBoardColumn) => void;
}) {
  const { t } = useTranslation();
  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const index = BOARD_COLUMNS.indexOf(props.selected);
    const next = BOARD_COLUMNS[(index + step + BOARD_COLUMNS.length) % BOARD_COLUMNS.length]!;
    props.onSelect(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  return (
    <div
      role="tablist"
      aria-label={t('matching.board.columnsLabel')}
      className="board-tabs"
      onKeyDown={move}
    >
      {BOARD_COLUMNS.map((column) => (
        <button
          key={column}
          type="button"
          role="tab"
          id={`tab-${column}`}
          aria-selected={column === props.selected}
          aria-controls={`panel-${column}`}
          tabIndex={column === props.selected ? 0 : -1}
          onClick={() => props.onSelect(column)}
        >
          {t(`matching.board.columns.${column}`)}{' '}
          <span className="tab-count">{props.totals?.[column] ?? ''}</span>
        </button>
      ))}
    </div>
  );
}

function Shortcuts({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="notice board-shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">{t('matching.board.shortcutsTitle')}</h2>
      <dl>
        {(['j', 'k', 'a', 'c', '?'] as const).map((key) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{t(`matching.board.keys.${key === '?' ? 'help' : key}`)}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button" onClick={onClose}>
        {t('matching.board.closeShortcuts')}
      </button>
    </section>
  );
}

function Card({
  card,
  claim,
  myId,
  hours,
  onFocus,
  onAssign,
  onClaim,
}: {
  card: TBoardCard;
  claim: TBoardCard['claim'];
  myId: string;
  hours: number;
  onFocus: () => void;
  onAssign: (helper: { id: string; displayName: string }) => void;
  onClaim: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [showAll, setShowAll] = useState(false);
  const isMine = claim?.by.id === myId;
  const top = card.suggestions[0];
  const others = card.suggestions.slice(1);
  return (
    <article
      className={['board-card', card.isStale ? 'stale' : '', claim ? 'claimed' : '']
        .join(' ')
        .trim()}
      aria-labelledby={`card-${card.post.id}`}
      onFocus={onFocus}
    >
      <h3 id={`card-${card.post.id}`} className="board-card-title board-line">
        <Link
          to={`/posts/${card.post.id}`}
          id={`card-link-${card.post.id}`}
          data-card={card.post.id}
        >
          {card.post.title}
        </Link>
      </h3>
      <p className="board-facts board-line">
        {[
          card.post.urgency ? t(`posts.urgency.${card.post.urgency}`) : null,
          card.post.category ? t(`categories.${card.post.category}`) : null,
          t('matching.board.ageShort', { count: card.ageHours }),
          card.post.locationName || null,
          card.pendingResponses > 0
            ? t('matching.board.offers', { count: card.pendingResponses })
            : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {card.isStale ? <p className="stale-note">{t('matching.board.stale', { hours })}</p> : null}
      {claim ? (
        <p className="claim-note">
          {isMine
            ? t('matching.board.youHandle')
            : t('matching.board.handledBy', { name: claim.by.displayName })}
        </p>
      ) : null}
      {card.match ? (
        <p className="board-facts">
          {t('matching.board.helpedBy', { name: card.match.helper.displayName })}{' '}
          <Link to={`/matches/${card.match.id}`}>{t('matching.post.openMatch')}</Link>
        </p>
      ) : null}
      {top && !card.match ? (
        <p className="board-facts board-line board-why" id={`why-${card.post.id}`}>
          {t('matching.board.topSuggestion', {
            name: top.helper.displayName,
            reasons: reasons(t, i18n.language, top),
          })}
        </p>
      ) : null}
      {(top && !card.match) || canClaim(card) ? (
        <p className="board-actions">
          {top && !card.match ? (
            <button
              type="button"
              className="button primary small"
              aria-describedby={`why-${card.post.id}`}
              onClick={() => onAssign(top.helper)}
            >
              {t('matching.post.assign', { name: top.helper.displayName })}
            </button>
          ) : null}
          {canClaim(card) && (!claim || isMine) ? (
            <button type="button" className="button small" aria-pressed={isMine} onClick={onClaim}>
              {t('matching.board.handle')}
            </button>
          ) : null}
          {others.length > 0 && !card.match ? (
            <button
              type="button"
              className="link-button"
              aria-expanded={showAll}
              onClick={() => setShowAll(!showAll)}
            >
              {t('matching.board.otherHelpers', { count: others.length })}
            </button>
          ) : null}
        </p>
      ) : null}
      {showAll && others.length > 0 && !card.match ? (
        <ul className="suggestions" aria-label={t('matching.board.suggested')}>
          {others.map((suggestion) => (
            <li key={suggestion.helper.id}>
              <span>
                <strong>{suggestion.helper.displayName}</strong>
                <span className="muted"> · {reasons(t, i18n.language, suggestion)}</span>
              </span>
              <button
                type="button"
                className="button small"
                onClick={() => onAssign(suggestion.helper)}
              >
                {t('matching.post.assign', { name: suggestion.helper.displayName })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

/** "2 km · speaks French · 1 active task", in the reader's language. */
function reasons(t: TFunction, language: string, suggestion: TSuggestion) {
  const names = new Intl.DisplayNames([language], { type: 'language' });
  return [
    suggestion.distanceKm === null ? null : t('matching.reason.km', { km: suggestion.distanceKm }),
    suggestion.fitsCategory ? t('matching.reason.fits') : null,
    suggestion.isFreeNow ? t('matching.reason.free') : null,
    suggestion.sharedLanguage
      ? t('matching.reason.speaks', {
          language: names.of(suggestion.sharedLanguage) ?? suggestion.sharedLanguage,
        })
      : null,
    t('matching.reason.tasks', { count: suggestion.activeTasks }),
  ]
    .filter(Boolean)
    .join(' · ');
}
