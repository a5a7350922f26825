import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { CollabSession, type SessionSnapshot } from './collab-session';
import { readPresence, type PresentUser } from './presence';
import type { SaveSnapshot, SaveTracker } from './save-tracker';

/** Opens the collaboration session of a recommendation for as long as the component is mounted. */
export function useCollabSession(recommendationId: string): CollabSession | null {
  const [session, setSession] = useState<CollabSession | null>(null);
  useEffect(() => {
    const opened = new CollabSession(recommendationId);
    setSession(opened);
    return () => {
      setSession(null);
      opened.destroy();
    };
  }, [recommendationId]);
  return session;
}

export function useSessionSnapshot(session: CollabSession): SessionSnapshot {
  const subscribe = useCallback((onChange: () => void) => session.onChange(onChange), [session]);
  return useSyncExternalStore(subscribe, () => session.snapshot);
}

export function useSaveSnapshot(tracker: SaveTracker): SaveSnapshot {
  const subscribe = useCallback((onChange: () => void) => tracker.onChange(onChange), [tracker]);
  return useSyncExternalStore(subscribe, () => tracker.snapshot);
}

export function usePresence(awareness: Awareness): PresentUser[] {
  const [users, setUsers] = useState(() => readPresence(awareness));
  useEffect(() => {
    // 'change' rather than 'update': the 15 s heartbeats carry no news for the avatars.
    const onChange = (): void => setUsers(readPresence(awareness));
    onChange();
    awareness.on('change', onChange);
    return () => awareness.off('change', onChange);
  }, [awareness]);
  return users;
}
