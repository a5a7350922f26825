import { useDictionary } from '../i18n/dictionary-context';
import { formatDateTime, formatRelativeTime } from './relative-time';

export function RelativeTimeLabel({ iso }: { iso: string }) {
  const t = useDictionary();
  return (
    <time dateTime={iso} title={formatDateTime(iso, t.locale)}>
      {formatRelativeTime(iso, t.locale)}
    </time>
  );
}
