import { createContext, useContext } from 'react';
import { en, type Dictionary } from './en';

// A context rather than a direct import, so a language switch later is one provider value.
const DictionaryContext = createContext<Dictionary>(en);

export const DictionaryProvider = DictionaryContext.Provider;

export function useDictionary(): Dictionary {
  return useContext(DictionaryContext);
}
