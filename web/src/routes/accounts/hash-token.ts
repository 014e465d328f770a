import { useEffect, useState } from 'react';

/**
 * Reads `#token=…` and, once the page is shown, removes it from the address bar and history,
 * so the token is not left behind on a shared device. The fragment never reaches the server
 * or a Referer. Reading stays pure: React may render and discard a page before showing it.
 */
export function useHashToken(): string | undefined {
  const [token] = useState(
    () => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? undefined,
  );
  useEffect(() => {
    if (token && window.location.hash) {
      window.history.replaceState(
        window.history.state,
        '',
        window.location.pathname + window.location.search,
      );
    }
  }, [token]);
  return token;
}
