import { useCallback, useState } from 'react';
import { useSession } from '../../app/session-context';
import { useDictionary } from '../../i18n/dictionary-context';
import { loadLocalUser, normaliseName, pick, saveLocalUser, type LocalUser } from './local-user';

export function useLocalUser(): [LocalUser, (name: string) => void] {
  const t = useDictionary();
  const { member } = useSession();
  // Signed-in members start with their own name; a name they chose before is kept.
  const [user, setUser] = useState<LocalUser>(() => loadLocalUser(() => member?.displayName ?? t.identity.guestName(pick(t.identity.animals))));

  const rename = useCallback((name: string) => {
    const cleaned = normaliseName(name);
    if (!cleaned) return;
    setUser((current) => {
      if (current.name === cleaned) return current;
      const next = { ...current, name: cleaned };
      saveLocalUser(next);
      return next;
    });
  }, []);

  return [user, rename];
}
