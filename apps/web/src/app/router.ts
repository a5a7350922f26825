import { useSyncExternalStore } from 'react';

/**
 * Hash routes: the server serves one index.html at `/` and needs no fallback rules, and a link
 * to a recommendation (or an invitation) still works when pasted into mail.
 */
/** What the editor page shows: the text (default) or its history. */
export type EditorView = 'text' | 'history';

export type Route =
  | { page: 'recommendations' }
  /** `threadId`: open the editor with that comment thread open and its passage in view (links in the inbox and in mails). */
  | { page: 'editor'; recommendationId: string; view?: EditorView; threadId?: string }
  | { page: 'editions'; recommendationId: string }
  | { page: 'sign-in' }
  | { page: 'forgot-password' }
  | { page: 'invitation'; token: string }
  | { page: 'reset-password'; token: string }
  | { page: 'network' }
  | { page: 'notifications' }
  | { page: 'not-found' };

/** Pages anyone can open without a session. */
export function isPublicRoute(route: Route): boolean {
  return route.page === 'sign-in' || route.page === 'forgot-password' || route.page === 'invitation' || route.page === 'reset-password';
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/' || path === '/recommendations' || path === '/recommendations/') return { page: 'recommendations' };
  if (path === '/sign-in') return { page: 'sign-in' };
  if (path === '/forgot-password') return { page: 'forgot-password' };
  if (path === '/network') return { page: 'network' };
  if (path === '/notifications') return { page: 'notifications' };
  const editions = /^\/recommendations\/([^/]+)\/editions\/?$/.exec(path);
  if (editions?.[1]) return { page: 'editions', recommendationId: decodeURIComponent(editions[1]) };
  const editor = /^\/recommendations\/([^/]+)(\/history)?\/?$/.exec(path);
  if (editor?.[1]) return editor[2] ? { page: 'editor', recommendationId: decodeURIComponent(editor[1]), view: 'history' } : { page: 'editor', recommendationId: decodeURIComponent(editor[1]) };
  const thread = /^\/recommendations\/([^/]+)\/threads\/([^/]+)\/?$/.exec(path);
  if (thread?.[1] && thread[2]) return { page: 'editor', recommendationId: decodeURIComponent(thread[1]), threadId: decodeURIComponent(thread[2]) };
  const invitation = /^\/invitation\/([A-Za-z0-9_-]+)$/.exec(path);
  if (invitation?.[1]) return { page: 'invitation', token: invitation[1] };
  const reset = /^\/reset-password\/([A-Za-z0-9_-]+)$/.exec(path);
  if (reset?.[1]) return { page: 'reset-password', token: reset[1] };
  return { page: 'not-found' };
}

export function hrefFor(route: Route): string {
  switch (route.page) {
    case 'recommendations':
      return '#/recommendations';
    case 'editor':
      if (route.threadId) return `#/recommendations/${encodeURIComponent(route.recommendationId)}/threads/${encodeURIComponent(route.threadId)}`;
      return `#/recommendations/${encodeURIComponent(route.recommendationId)}${route.view === 'history' ? '/history' : ''}`;
    case 'editions':
      return `#/recommendations/${encodeURIComponent(route.recommendationId)}/editions`;
    case 'sign-in':
      return '#/sign-in';
    case 'forgot-password':
      return '#/forgot-password';
    case 'invitation':
      return `#/invitation/${route.token}`;
    case 'reset-password':
      return `#/reset-password/${route.token}`;
    case 'network':
      return '#/network';
    case 'notifications':
      return '#/notifications';
    case 'not-found':
      return '#/';
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
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
