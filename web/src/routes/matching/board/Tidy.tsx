import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STALE_MATCH_DAYS } from '../../../../../common/constants.ts';
import type { TBoard } from '../../../../../common/matching.ts';
import { type BoardQuery, useBoardTidy } from '../../../api/matching.ts';
import { problemMessage } from '../../../api/messages.ts';
import { FormAlert } from '../../../components/Form.tsx';

type Action = 'close-past-date' | 'remind-quiet';

/**
 * The board's bulk actions for the obvious cases, shown only when there is something to do:
 * close the asks whose date has passed with nobody helping, and remind the helpers of quiet
 * matches. Each asks to be confirmed first, says what it did, and follows the board's filters.
 */
export function Tidy({
  slug,
  query,
  tidy,
  isFiltered,
}: {
  slug: string;
  query: BoardQuery;
  tidy: TBoard['tidy'];
  isFiltered: boolean;
}) {
  const { t } = useTranslation();
  const mutation = useBoardTidy(slug);
  const [confirming, setConfirming] = useState<Action | null>(null);
  const [said, setSaid] = useState('');
  const saidRef = useRef<HTMLParagraphElement>(null);
  const triggers = useRef<Partial<Record<Action, HTMLButtonElement | null>>>({});
  const confirmRef = useRef<HTMLButtonElement>(null);
  const count = confirming === 'close-past-date' ? tidy.pastDate : tidy.quiet;
  const doneKey = (action: Action) =>
    action === 'close-past-date' ? 'matching.tidy.closed' : 'matching.tidy.reminded';
  // Focus moves to the question's answer when it opens: the next key press answers it.
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  // Someone else tidied while the question was open: say so, where focus was.
  useEffect(() => {
    if (!confirming || count > 0 || mutation.isPending) return;
    setConfirming(null);
    setSaid(t(doneKey(confirming), { count: 0 }));
    requestAnimationFrame(() => saidRef.current?.focus());
  });
  if (tidy.pastDate === 0 && tidy.quiet === 0 && !said && !confirming) return null;

  const cancel = () => {
    const trigger = confirming ? triggers.current[confirming] : null;
    setConfirming(null);
    trigger?.focus();
  };
  const run = (action: Action) =>
    mutation.mutate(
      { action, query },
      {
        onSuccess: ({ count: changed }) => {
          setConfirming(null);
          setSaid(t(doneKey(action), { count: changed }));
          // The buttons may be gone with what they acted on: focus goes to what happened.
          requestAnimationFrame(() => saidRef.current?.focus());
        },
      },
    );
  const offer = (action: Action, text: string, button: string) => (
    <p className="board-tidy-line">
      <span>{text}</span>{' '}
      <button
        type="button"
        className="button small"
        ref={(element) => {
          triggers.current[action] = element;
        }}
        aria-expanded={confirming === action}
        aria-controls="tidy-confirm"
        onClick={() => {
          setSaid('');
          setConfirming(confirming === action ? null : action);
        }}
      >
        {button}
      </button>
    </p>
  );

  return (
    <section className="board-tidy notice" aria-labelledby="tidy-title">
      <h2 id="tidy-title" className="board-tidy-title">
        {t('matching.tidy.title')}
      </h2>
      {tidy.pastDate > 0
        ? offer(
            'close-past-date',
            t('matching.tidy.pastDate', { count: tidy.pastDate }),
            t('matching.tidy.closeThem', { count: tidy.pastDate }),
          )
        : null}
      {tidy.quiet > 0
        ? offer(
            'remind-quiet',
            t('matching.tidy.quiet', { count: tidy.quiet, days: STALE_MATCH_DAYS }),
            t('matching.tidy.remind', { count: tidy.quiet }),
          )
        : null}
      {isFiltered && (tidy.pastDate > 0 || tidy.quiet > 0) ? (
        <p className="hint">{t('matching.tidy.filtered')}</p>
      ) : null}
      {confirming && count > 0 ? (
        <div id="tidy-confirm" className="board-tidy-confirm">
          <p id="tidy-confirm-text">
            {t(
              confirming === 'close-past-date'
                ? 'matching.tidy.confirmClose'
                : 'matching.tidy.confirmRemind',
              { count },
            )}
          </p>
          <p className="board-actions">
            <button
              type="button"
              className="button primary small"
              aria-describedby="tidy-confirm-text"
              // Not `disabled`: a disabled button loses focus, and the person their place.
              aria-disabled={mutation.isPending || undefined}
              ref={confirmRef}
              onClick={() => {
                if (!mutation.isPending) run(confirming);
              }}
            >
              {mutation.isPending
                ? t('matching.tidy.working')
                : t(
                    confirming === 'close-past-date'
                      ? 'matching.tidy.doClose'
                      : 'matching.tidy.doRemind',
                    { count },
                  )}
            </button>{' '}
            <button type="button" className="button small" onClick={cancel}>
              {t('matching.tidy.cancel')}
            </button>
          </p>
        </div>
      ) : null}
      <FormAlert message={mutation.error ? problemMessage(t, mutation.error) : undefined} />
      <p role="status" ref={saidRef} tabIndex={-1} className={said ? 'board-tidy-said' : undefined}>
        {said}
      </p>
    </section>
  );
}
