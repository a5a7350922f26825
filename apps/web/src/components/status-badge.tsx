import type { RecommendationStatus } from '@accord/contracts';
import { STATUS_LABELS } from '../i18n/labels';
import { useTranslation } from 'react-i18next';

export function StatusBadge({ status }: { status: RecommendationStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status-badge status-badge--${status}`} data-testid="status-badge" data-status={status}>
      {t(STATUS_LABELS[status])}
    </span>
  );
}
