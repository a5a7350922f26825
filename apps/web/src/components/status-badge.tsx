import type { RecommendationStatus } from '@accord/contracts';
import { useDictionary } from '../i18n/dictionary-context';

export function StatusBadge({ status }: { status: RecommendationStatus }) {
  const t = useDictionary();
  return (
    <span className={`status-badge status-badge--${status}`} data-testid="status-badge" data-status={status}>
      {t.status[status]}
    </span>
  );
}
