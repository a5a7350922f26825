import { useCallback, useState } from 'react';
import { useDictionary } from '../../i18n/dictionary-context';
import { loadLocalUser, normaliseName, pick, saveLocalUser, type LocalUser } from './local-user';

export function useLocalUser(): [LocalUser, (name: string) => void] {
  const t = useDictionary();
  const [user, setUser] = useState<LocalUser>(() => loadLocalUser(() => t.identity.guestName(pick(t.identity.animals))));

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
