import { MANUAL_RECOMMENDATION_STATUSES, type ManualRecommendationStatus, type RecommendationDetail } from '@accord/contracts';
import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import { changeRecommendationStatus } from '../../api/recommendations-api';
import { useSession } from '../../app/session-context';
import { STATUS_LABELS } from '../../i18n/labels';
import { useTranslation } from 'react-i18next';

const isManual = (status: string): status is ManualRecommendationStatus => (MANUAL_RECOMMENDATION_STATUSES as readonly string[]).includes(status);

/**
 * Coordinators move a text between draft and in review. Later statuses come from ballots and
 * publishing, so the form is not offered for them.
 */
export function StatusForm({ recommendation, onChanged }: { recommendation: RecommendationDetail; onChanged: (changed: RecommendationDetail) => void }) {
  const { t } = useTranslation();
  const { member } = useSession();
  const selectId = useId();
  const [status, setStatus] = useState<ManualRecommendationStatus>(isManual(recommendation.status) ? recommendation.status : 'draft');
  const [outcome, setOutcome] = useState<{ kind: 'done' | 'problem'; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  if (!member?.roles.includes('coordinator') || !isManual(recommendation.status)) return null;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const changed = await changeRecommendationStatus(recommendation.id, status);
      setOutcome({ kind: 'done', message: t('editor.statusChange.done', { status: t(STATUS_LABELS[changed.status]) }) });
      onChanged(changed);
    } catch (error) {
      setOutcome({ kind: 'problem', message: error instanceof ApiError ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="status-form" onSubmit={(event) => void submit(event)} data-testid="status-form">
      <label htmlFor={selectId}>{t('editor.statusChange.label')}</label>
      <select id={selectId} className="input input--compact" value={status} data-testid="status-select"
        onChange={(event) => setStatus(MANUAL_RECOMMENDATION_STATUSES.find((known) => known === event.target.value) ?? 'draft')}>
        {MANUAL_RECOMMENDATION_STATUSES.map((known) => <option key={known} value={known}>{t(STATUS_LABELS[known])}</option>)}
      </select>
      {/* aria-disabled, not disabled: a disabled button drops keyboard focus to the page. */}
      <button type="submit" className="button" aria-disabled={busy} data-testid="status-submit">{t('editor.statusChange.submit')}</button>
      <span className={outcome?.kind === 'problem' ? 'status-form__problem' : 'status-form__done'} role="status" data-testid="status-outcome">
        {outcome?.message}
      </span>
    </form>
  );
}
