// SAFETY 9: after Quick exit, no Kindred page reachable by Back shows anything. Quick exit
// notes in this tab's sessionStorage where it went; a Kindred page then reached by Back or
// Forward (loaded again, or restored from the back-forward cache) shows nothing and goes there
// again. Opening Kindred on purpose (a link, the address bar, a reload) clears the note.
const EXITED = 'kindred.exited';

function leaveAgain(url: string) {
  document.documentElement.hidden = true;
  window.location.replace(url);
}

/** Leaves for `url`, replacing this history entry, and remembers that it did. */
export function rememberExit(url: string) {
  try {
    sessionStorage.setItem(EXITED, url);
  } catch {
    // Storage refused (a private window): Back may show the page, as before.
  }
}

function exitedTo(): string | null {
  try {
    return sessionStorage.getItem(EXITED);
  } catch {
    return null;
  }
}

const navigation = performance.getEntriesByType('navigation')[0] as
  | PerformanceNavigationTiming
  | undefined;
const exited = exitedTo();

/** Whether this page was reached by Back or Forward after Quick exit: then nothing renders. */
export const hasExited = exited !== null && navigation?.type === 'back_forward';
if (hasExited && exited) leaveAgain(exited);
else if (exited !== null) sessionStorage.removeItem(EXITED);

// A page restored from the back-forward cache runs no code again, but gets this event.
window.addEventListener('pageshow', (event) => {
  const url = exitedTo();
  if (event.persisted && url) leaveAgain(url);
});
