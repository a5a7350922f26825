import { AMENDMENT_LIMITS, type AmendmentStatus, type AmendmentSummary } from '@accord/contracts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAmendments, proposeAmendment, type NewAmendment } from '../../api/amendments-api';
import { useApiResource } from '../../api/use-api-resource';
import { hrefFor, navigate } from '../../app/router';
import { PageMessage } from '../../components/page-message';
import { AmendmentFlagList } from './amendment-flags';
import './amendments.css';

const STATUS_KEYS = {
  open: 'amendments.status.open',
  'under-vote': 'amendments.status.under-vote',
  adopted: 'amendments.status.adopted',
  withdrawn: 'amendments.status.withdrawn',
  declined: 'amendments.status.declined',
} as const satisfies Record<AmendmentStatus, string>;

export function AmendmentStatusBadge({ status }: { status: AmendmentStatus }) {
  const { t } = useTranslation();
  return <span className={`status-badge amendment-status amendment-status--${status}`} data-testid="amendment-status" data-status={status}>{t(STATUS_KEYS[status])}</span>;
}

/** The amendments of a recommendation, with their status and flags, under its editor. */
export function AmendmentsList({ recommendationId, refreshKey }: { recommendationId: string; refreshKey: number }) {
  const { t } = useTranslation();
  const [amendments, retry] = useApiResource((signal) => fetchAmendments(recommendationId, signal), `${recommendationId}:${refreshKey}`, true);
  return (
    <section className="amendments-list" aria-labelledby="amendments-list-title" data-testid="amendments-list">
      <h2 id="amendments-list-title" className="amendment-section__title">{t('amendments.listTitle')}</h2>
      {amendments.state === 'loading' && <PageMessage tone="progress">{t('editor.loading')}</PageMessage>}
      {amendments.state === 'failed' && <PageMessage tone="problem" action={{ label: t('recommendations.retry'), onClick: retry }}>{t('amendments.loadFailed')}</PageMessage>}
      {amendments.state === 'loaded' && amendments.value.length === 0 && <p>{t('amendments.none')}</p>}
      {amendments.state === 'loaded' && amendments.value.length > 0 && (
        <ul className="amendments-list__items">
          {amendments.value.map((amendment) => (
            <AmendmentItem key={amendment.id} amendment={amendment} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AmendmentItem({ amendment }: { amendment: AmendmentSummary }) {
  return (
    <li className="amendments-list__item" data-testid="amendment-item" data-amendment-id={amendment.id}>
      <div className="amendments-list__head">
        <a href={hrefFor({ page: 'amendment', amendmentId: amendment.id })}>{amendment.title}</a>
        <AmendmentStatusBadge status={amendment.status} />
      </div>
      <q className="amendments-list__quote">{amendment.quotedText}</q>
      {(amendment.status === 'open' || amendment.status === 'under-vote') && <AmendmentFlagList flags={amendment.flags} />}
    </li>
  );
}

/** The proposal form: a title and a reason for a passage chosen by a selection or a comment thread. */
export function ProposeAmendmentForm({ recommendationId, passage, onCancel }: { recommendationId: string; passage: Pick<NewAmendment, 'anchor' | 'threadId'> & { quotedText: string }; onCancel: () => void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);
  useEffect(() => titleRef.current?.focus(), []);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const created = await proposeAmendment(recommendationId, { title, reason, ...(passage.threadId ? { threadId: passage.threadId } : { anchor: passage.anchor }) });
      navigate({ page: 'amendment', amendmentId: created.id });
    } catch (error) {
      setProblem(t('amendments.proposeFailed', { reason: error instanceof Error ? error.message : String(error) }));
      setBusy(false);
    }
  };
  return (
    <form className="amendment-propose" onSubmit={(event) => void submit(event)} aria-labelledby="amendment-propose-title" data-testid="amendment-propose-form"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}>
      <h2 id="amendment-propose-title" className="amendment-section__title">{t('amendments.proposeTitle')}</h2>
      <p className="amendment-section__base">{t('amendments.passage')}: <q>{passage.quotedText}</q></p>
      <label htmlFor="amendment-title">{t('amendments.title')}</label>
      <input id="amendment-title" ref={titleRef} value={title} onChange={(event) => setTitle(event.target.value)} required maxLength={AMENDMENT_LIMITS.title} />
      <label htmlFor="amendment-reason">{t('amendments.reason')}</label>
      <textarea id="amendment-reason" value={reason} onChange={(event) => setReason(event.target.value)} required maxLength={AMENDMENT_LIMITS.reason} rows={3} />
      {problem && <p className="form-field__problem" role="alert">{problem}</p>}
      <div className="amendment-propose__actions">
        <button type="submit" className="button button--primary" disabled={busy} data-testid="amendment-propose-submit">{t('amendments.submit')}</button>
        <button type="button" className="button" onClick={onCancel}>{t('amendments.cancel')}</button>
      </div>
    </form>
  );
}
