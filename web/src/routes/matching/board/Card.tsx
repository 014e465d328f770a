import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { STALE_MATCH_DAYS } from '../../../../../common/constants.ts';
import type { TBoardCard, TSuggestion } from '../../../../../common/matching.ts';

/** Only an ask that still needs someone can be claimed ("I'm handling this"). */
export const canClaim = (card: TBoardCard) => card.column === 'new' || card.column === 'waiting';

/** One ask on the board: two lines of facts, its top suggestion, and what can be done. */
export function Card({
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
      {card.isPastDate ? <p className="stale-note">{t('matching.tidy.cardPastDate')}</p> : null}
      {card.isQuiet ? (
        <p className="stale-note">{t('matching.tidy.cardQuiet', { count: STALE_MATCH_DAYS })}</p>
      ) : null}
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
