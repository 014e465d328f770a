import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { BOARD_COLUMNS } from '../../../../common/constants.ts';
import type { TBoardCard, TSuggestion } from '../../../../common/matching.ts';
import { useGroup } from '../../api/groups.ts';
import { useBoard, useBoardAssign, useBoardEvents } from '../../api/matching.ts';
import { problemMessage } from '../../api/messages.ts';
import { FormAlert } from '../../components/Form.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';

/** The moderators' dispatch board: every open ask by column, with suggested helpers. */
export default function Board() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const group = useGroup(slug);
  const [sort, setSort] = useState<'urgency' | 'age'>('urgency');
  const board = useBoard(slug, sort);
  useBoardEvents(slug, group.data?.canModerate === true);
  const assign = useBoardAssign(slug);
  // After "Assign" the card moves to another column and its button is gone: focus follows the
  // card, and the change is said.
  const [moved, setMoved] = useState<{ postId: string; message: string } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: looked for again each time the board's data arrives, since the card reaches its new column only then
  useEffect(() => {
    if (!moved) return;
    const link = document.getElementById(`card-link-${moved.postId}`);
    if (link) link.focus();
  }, [moved, board.data]);
  if (group.isPending) return <p role="status">{t('app.loading')}</p>;
  if (group.isError) return <p role="alert">{problemMessage(t, group.error)}</p>;
  const g = group.data;
  return (
    <>
      <PageTitle>{t('matching.board.title', { name: g.name })}</PageTitle>
      <p>
        <Link to={`/groups/${g.slug}`}>{t('groups.backTo', { name: g.name })}</Link>
      </p>
      {!g.canModerate ? (
        <p>{t('matching.board.moderatorsOnly')}</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor="board-sort">{t('matching.board.sort')}</label>
            <select
              id="board-sort"
              value={sort}
              onChange={(event) => setSort(event.target.value as 'urgency' | 'age')}
            >
              <option value="urgency">{t('matching.board.byUrgency')}</option>
              <option value="age">{t('matching.board.byAge')}</option>
            </select>
          </div>
          <p className="hint">{t('matching.board.refreshes')}</p>
          <FormAlert message={assign.error ? problemMessage(t, assign.error) : undefined} />
          <p role="status" className="visually-hidden">
            {moved?.message ?? ''}
          </p>
          {board.isPending ? <p role="status">{t('app.loading')}</p> : null}
          {board.isError ? <p role="alert">{problemMessage(t, board.error)}</p> : null}
          <div className="board">
            {BOARD_COLUMNS.map((column) => {
              const cards = board.data?.cards.filter((card) => card.column === column) ?? [];
              const total = board.data?.totals[column] ?? cards.length;
              return (
                <section key={column} aria-labelledby={`column-${column}`} className="board-column">
                  <h2 id={`column-${column}`}>
                    {t(`matching.board.columns.${column}`)} ({total})
                  </h2>
                  {cards.length === 0 ? (
                    <p className="muted">{t('matching.board.emptyColumn')}</p>
                  ) : null}
                  {total > cards.length ? (
                    <p className="hint">
                      {t('matching.board.more', { shown: cards.length, total })}
                    </p>
                  ) : null}
                  <ul className="board-cards">
                    {cards.map((card) => (
                      <li key={card.post.id}>
                        <Card
                          card={card}
                          hours={board.data?.unansweredAlertHours ?? 24}
                          onAssign={(helper) =>
                            assign.mutate(
                              { postId: card.post.id, helperId: helper.id },
                              {
                                onSuccess: () =>
                                  setMoved({
                                    postId: card.post.id,
                                    message: t('matching.board.assigned', {
                                      name: helper.displayName,
                                      title: card.post.title,
                                    }),
                                  }),
                              },
                            )
                          }
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
    </>
  );
}

function Card({
  card,
  hours,
  onAssign,
}: {
  card: TBoardCard;
  hours: number;
  onAssign: (helper: { id: string; displayName: string }) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <article
      className={card.isStale ? 'board-card stale' : 'board-card'}
      aria-labelledby={`card-${card.post.id}`}
    >
      <h3 id={`card-${card.post.id}`} className="h3">
        <Link to={`/posts/${card.post.id}`} id={`card-link-${card.post.id}`}>
          {card.post.title}
        </Link>
      </h3>
      <p className="muted">
        {[
          card.post.urgency ? t(`posts.urgency.${card.post.urgency}`) : null,
          card.post.category ? t(`categories.${card.post.category}`) : null,
          t('matching.board.age', { count: card.ageHours }),
          card.pendingResponses > 0
            ? t('matching.board.offers', { count: card.pendingResponses })
            : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {card.isStale ? <p className="stale-note">{t('matching.board.stale', { hours })}</p> : null}
      {card.match ? (
        <p>
          {t('matching.board.helpedBy', { name: card.match.helper.displayName })}{' '}
          <Link to={`/matches/${card.match.id}`}>{t('matching.post.openMatch')}</Link>
        </p>
      ) : null}
      {card.suggestions.length > 0 ? (
        <ul className="suggestions" aria-label={t('matching.board.suggested')}>
          {card.suggestions.map((suggestion) => (
            <li key={suggestion.helper.id}>
              <span>
                <strong>{suggestion.helper.displayName}</strong>
                <span className="muted"> · {reasons(t, i18n.language, suggestion)}</span>
              </span>
              <button type="button" className="button" onClick={() => onAssign(suggestion.helper)}>
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
