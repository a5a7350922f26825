import { useEffect, useState } from 'react';
import { fetchUnreadCount } from '../../api/notifications-api';

/**
 * How often the bell asks for its count. There is no per-member push yet (the websocket carries
 * document events only), so the bell polls, and also asks when the window gets focus again.
 */
export const UNREAD_POLL_MS = 30_000;

/** Sent by whatever changes the inbox (marking read), so the bell shows the new count at once. */
export const NOTIFICATIONS_CHANGED_EVENT = 'accord:notifications-changed';

export function announceNotificationsChanged(): void {
  window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED_EVENT));
}

/** The signed-in member's unread count; null before the first answer (or while signed out). */
export function useUnreadCount(signedIn: boolean): number | null {
  const [count, setCount] = useState<number | null>(null);

  useEffect(() => {
    if (!signedIn) {
      setCount(null);
      return;
    }
    let controller: AbortController | null = null;
    const refresh = (): void => {
      controller?.abort();
      const current = new AbortController();
      controller = current;
      fetchUnreadCount(current.signal).then(
        (unread) => {
          if (!current.signal.aborted) setCount(unread);
        },
        // Keep the last count on screen; the next poll or focus tries again.
        () => undefined,
      );
    };
    // A hidden tab needs no fresh count: it asks again when it is shown.
    const poll = (): void => {
      if (document.visibilityState === 'visible') refresh();
    };
    refresh();
    const timer = window.setInterval(poll, UNREAD_POLL_MS);
    window.addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', poll);
    window.addEventListener(NOTIFICATIONS_CHANGED_EVENT, refresh);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', poll);
      window.removeEventListener(NOTIFICATIONS_CHANGED_EVENT, refresh);
      controller?.abort();
    };
  }, [signedIn]);

  return count;
}
