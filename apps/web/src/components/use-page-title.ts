import { useEffect } from 'react';
import { useDictionary } from '../i18n/dictionary-context';

/** Names the browser tab after the page (WCAG 2.4.2): "Recommendations · Accord". */
export function usePageTitle(page: string | null): void {
  const t = useDictionary();
  useEffect(() => {
    document.title = page ? t.app.documentTitle(page) : t.app.name;
  }, [page, t]);
}
