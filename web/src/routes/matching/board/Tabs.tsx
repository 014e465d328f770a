import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BOARD_COLUMNS, type TBoardColumn } from '../../../../../common/constants.ts';

/** One column at a time on a phone: tabs with each column's count, arrow keys between them. */
export function Tabs(props: {
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

/** What the board's keys do, opened with ? or the link above the board. */
export function Shortcuts({ onClose }: { onClose: () => void }) {
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
