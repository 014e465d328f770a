import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigationType, useParams, useSearchParams } from 'react-router';
import { BOARD_COLUMNS, type TBoardColumn } from '../../../../common/constants.ts';
import type { TBoardCard } from '../../../../common/matching.ts';
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
import { Card, canClaim } from './board/Card.tsx';
import { FILTERS, Filters } from './board/Filters.tsx';
import { Shortcuts, Tabs } from './board/Tabs.tsx';
import { Tidy } from './board/Tidy.tsx';

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
  const { t } = useTranslation();
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
  const [said, setSaid] = useState<{ postId: string; message: string; at: number } | null>(null);
  // The action whose card has had focus in the board as it stands after it: later refreshes
  // (someone else's change, live) leave focus where the dispatcher has put it since.
  const focused = useRef(0);
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
    let id: string | null = null;
    if (said && focused.current !== said.at) {
      id = said.postId;
      // Once data fetched after the action has arrived, the card is in its new column.
      if (board.dataUpdatedAt >= said.at) focused.current = said.at;
    } else if (!restored.current) {
      id = sessionStorage.getItem(focusKey(slug));
    }
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
            at: Date.now(),
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
            at: Date.now(),
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

  const applied = FILTERS.filter((key) => query[key]).length;
  const shown = isWide ? BOARD_COLUMNS : [tab];
  const filterBar = <Filters group={g} query={query} set={set} />;
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
          {board.data ? (
            <Tidy slug={slug} query={query} tidy={board.data.tidy} isFiltered={applied > 0} />
          ) : null}
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
