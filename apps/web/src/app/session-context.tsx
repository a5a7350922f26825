import type { DemoAccount, SignedInMember } from '@accord/contracts';
import { isLanguage } from '@accord/i18n';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { SESSION_ENDED_EVENT } from '../api/http-client';
import { fetchSession, signOut as postSignOut } from '../api/session-api';
import { forgetLegacyLocalUser } from '../features/editor/local-user';
import { applyLanguage, browserLanguage } from '../i18n/i18n';

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
      // The member's saved language wins; without one, the language already in use (the browser's) stays.
      // Once nobody is signed in (signed out, or the session ended), the browser's language is back.
      const saved = session.member?.language;
      if (isLanguage(saved)) await applyLanguage(saved);
      else if (!session.member) await applyLanguage(browserLanguage());
      setValue({ state: 'ready', member: session.member, demoAccounts: session.demoAccounts });
    } catch {
      setValue((previous) => ({ ...previous, state: 'unreachable' }));
    }
  }, []);

  const signOut = useCallback(async () => {
    await postSignOut().catch(() => undefined);
    // Nothing of the member stays behind in this browser: no name; refresh() returns to the browser's language.
    forgetLegacyLocalUser();
    await refresh();
  }, [refresh]);

  useEffect(() => {
    forgetLegacyLocalUser();
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
