import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useInstance, useMe } from '../api/accounts.ts';
import { rememberExit } from './exit-guard.ts';

const FALLBACK_URL = 'https://www.bbc.co.uk/weather';

/** Where Escape is a person's own "clear this" (a draft would be lost), not a way out. */
const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * SAFETY 9: leaves the site at once and replaces the current history entry; a Kindred page
 * reached by Back afterwards shows nothing (exit-guard.ts). Also on Escape pressed twice within
 * a second, outside a text field. For someone who chose it in their profile, it also signs out
 * and clears what Kindred keeps in this browser.
 */
export function QuickExit() {
  const { t } = useTranslation();
  const instance = useInstance();
  const me = useMe();
  const url = instance.data?.quickExitUrl ?? FALLBACK_URL;
  const signsOut = me.data?.quickExitSignsOut ?? false;

  useEffect(() => {
    let last = 0;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || isTyping(event.target)) {
        last = 0;
        return;
      }
      const now = Date.now();
      if (now - last < 1000) leave(url, signsOut);
      last = now;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [url, signsOut]);

  return (
    <>
      <button
        type="button"
        className="quick-exit"
        onClick={() => leave(url, signsOut)}
        aria-describedby="quick-exit-help"
      >
        {t('quickExit.label')}
      </button>
      <span id="quick-exit-help" className="visually-hidden">
        {t('quickExit.description')}
      </span>
    </>
  );
}

function leave(url: string, signsOut: boolean) {
  document.documentElement.hidden = true;
  if (signsOut) {
    try {
      localStorage.clear();
    } catch {
      // Nothing to clear.
    }
    // Sent even as the page goes (keepalive); the answer also tells the browser to forget
    // Kindred's cookies and cache.
    void fetch('/api/v1/auth/quick-exit', {
      method: 'POST',
      credentials: 'same-origin',
      keepalive: true,
    }).catch(() => undefined);
  }
  rememberExit(url);
  window.location.replace(url);
}
