import { useUiLanguage } from '../i18n/i18n';
import { formatDateTime, formatRelativeTime } from './relative-time';

/** "5 minutes ago" in the UI language, with the exact date and time (also localised) on hover. */
export function RelativeTimeLabel({ iso }: { iso: string }) {
  const { locale } = useUiLanguage();
  return (
    <time dateTime={iso} title={formatDateTime(iso, locale)}>
      {formatRelativeTime(iso, locale)}
    </time>
  );
}
