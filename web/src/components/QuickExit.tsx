import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useInstance } from '../api/accounts.ts';

const FALLBACK_URL = 'https://www.bbc.co.uk/weather';

/**
 * SAFETY 9: leaves the site at once and replaces the current history entry, so Back does not
 * return here. Also on Escape pressed twice within a second.
 */
export function QuickExit() {
  const { t } = useTranslation();
  const instance = useInstance();
  const url = instance.data?.quickExitUrl ?? FALLBACK_URL;

  useEffect(() => {
    let last = 0;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      const now = Date.now();
      if (now - last < 1000) leave(url);
      last = now;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [url]);

  return (
    <button
      type="button"
      className="quick-exit"
      onClick={() => leave(url)}
      aria-describedby="quick-exit-help"
    >
      {t('quickExit.label')}
      <span id="quick-exit-help" className="visually-hidden">
        {t('quickExit.description')}
      </span>
    </button>
  );
}

function leave(url: string) {
  document.body.hidden = true;
  window.location.replace(url);
}
