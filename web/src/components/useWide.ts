import { useSyncExternalStore } from 'react';

/** The width at which the main places move from the bottom bar to the header (layout.css). */
const WIDE = '(min-width: 40rem)';

/** Whether the screen is wide, following it as a phone turns or a window is resized. */
export function useWide() {
  return useSyncExternalStore(subscribe, isWide);
}

function subscribe(onChange: () => void) {
  const query = window.matchMedia(WIDE);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

const isWide = () => window.matchMedia(WIDE).matches;
