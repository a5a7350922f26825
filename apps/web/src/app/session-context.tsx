import type { DemoAccount, SignedInMember } from '@accord/contracts';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { SESSION_ENDED_EVENT } from '../api/http-client';
import { fetchSession, signOut as postSignOut } from '../api/session-api';

export interface SessionContextValue {
  state: 'loading' | 'ready' | 'unreachable';
  member: SignedInMember | null;
  demoAccounts: DemoAccount[] | null;
  /** Re-reads the session from the server (after sign-in, or when a request answered 401). */
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [value, setValue] = useState<Omit<SessionContextValue, 'refresh' | 'signOut'>>({ state: 'loading', member: null, demoAccounts: null });

  const refresh = useCallback(async () => {
    try {
      const session = await fetchSession();
      setValue({ state: 'ready', member: session.member, demoAccounts: session.demoAccounts });
    } catch {
      setValue((previous) => ({ ...previous, state: 'unreachable' }));
    }
  }, []);

  const signOut = useCallback(async () => {
    await postSignOut().catch(() => undefined);
    await refresh();
  }, [refresh]);

  useEffect(() => {
    void refresh();
    const onEnded = (): void => void refresh();
    window.addEventListener(SESSION_ENDED_EVENT, onEnded);
    return () => window.removeEventListener(SESSION_ENDED_EVENT, onEnded);
  }, [refresh]);

  return <SessionContext.Provider value={{ ...value, refresh, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
