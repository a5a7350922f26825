import { useSyncExternalStore } from 'react';

/**
 * Hash routes: the server serves one index.html at `/` and needs no fallback rules, and a link
 * to a recommendation still works when pasted into mail.
 */
export type Route =
  | { page: 'recommendations' }
  | { page: 'editor'; recommendationId: string }
  | { page: 'not-found' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/' || path === '/recommendations' || path === '/recommendations/') return { page: 'recommendations' };
  const editor = /^\/recommendations\/([^/]+)\/?$/.exec(path);
  if (editor?.[1]) return { page: 'editor', recommendationId: decodeURIComponent(editor[1]) };
  return { page: 'not-found' };
}

export function hrefFor(route: Route): string {
  switch (route.page) {
    case 'recommendations':
      return '#/recommendations';
    case 'editor':
      return `#/recommendations/${encodeURIComponent(route.recommendationId)}`;
    case 'not-found':
      return '#/';
  }
}

function subscribeToHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function currentHash(): string {
  return window.location.hash;
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribeToHash, currentHash);
  return parseRoute(hash);
}
