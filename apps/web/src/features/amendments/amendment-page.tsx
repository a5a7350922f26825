import { AMENDMENT_LIMITS, readOnlyReasonOf, type AmendmentDetail } from '@accord/contracts';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { closeAmendment, fetchAmendment, fetchPreview } from '../../api/amendments-api';
import { fetchRecommendation } from '../../api/recommendations-api';
import { useApiResource } from '../../api/use-api-resource';
import { hrefFor } from '../../app/router';
import { useSession } from '../../app/session-context';
import { PageMessage } from '../../components/page-message';
import { usePageTitle } from '../../components/use-page-title';
import { useUiLanguage } from '../../i18n/i18n';
import { READ_ONLY_LABELS } from '../../i18n/labels';
import { localUserOf } from '../editor/local-user';
import { useCollabSession, useSessionSnapshot } from '../editor/use-collab-session';
import type { CollabSession } from '../editor/collab-session';
import type { SaveSnapshot } from '../editor/save-tracker';
import { AmendmentAuthors } from './amendment-authors';
import { AmendmentDiffView } from './amendment-diff';
import { AmendmentEditor } from './amendment-editor';
import { AmendmentFlagList } from './amendment-flags';
import { AmendmentStatusBadge } from './amendments-list';
import 'prosemirror-view/style/prosemirror.css';
import '../editor/editor.css';
import './amendments.css';

/** How long the diff and the preview wait after the last change the server has before they are asked again. */
const REFRESH_AFTER_CHANGE_MS = 300;

/**
 * One amendment: who proposed it and why, its flags, the editor on its fork (authors edit,
 * everyone else follows read-only), the diff against the base passage and the merged preview,
 * both refreshed as the server takes in changes to the text; its authors, who may invite more;
 * withdraw (authors) and decline (coordinators).
 */
export function AmendmentPage({ amendmentId }: { amendmentId: string }) {
  const { t } = useTranslation();
  const [revision, setRevision] = useState(0);
  const [detail, retry] = useApiResource((signal) => fetchAmendment(amendmentId, signal), `${amendmentId}:${revision}`, true);
  const [preview] = useApiResource((signal) => fetchPreview(amendmentId, signal), `${amendmentId}:${revision}`, true);
  const recommendationId = detail.state === 'loaded' ? detail.value.recommendationId : null;
  const [recommendation] = useApiResource((signal) => (recommendationId ? fetchRecommendation(recommendationId, signal) : new Promise<never>(() => undefined)), recommendationId ?? '');
  const session = useCollabSession(amendmentId);
  usePageTitle(detail.state === 'loaded' ? t('amendments.pageTitle', { title: detail.value.title }) : null);

  // The diff and the preview follow the text, as the server has it (it computes both): asked
  // again once the server has a change, never on a guess of how long it takes to get there.
  useEffect(() => {
    if (!session) return;
    let timer: number | undefined;
    const refreshSoon = (): void => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setRevision((value) => value + 1), REFRESH_AFTER_CHANGE_MS);
    };
    // A co-author's edit arrives from the server, which therefore has it.
    const onUpdate = (_update: Uint8Array, origin: unknown): void => {
      if (origin === session.provider) refreshSoon();
    };
    // This tab's own edits: once the server says they are stored.
    let durableClock = session.saveTracker.snapshot.durableClock;
    const onSaved = (snapshot: SaveSnapshot): void => {
      if (snapshot.durableClock === durableClock) return;
      durableClock = snapshot.durableClock;
      refreshSoon();
    };
    session.doc.on('update', onUpdate);
    const stopFollowingSaves = session.saveTracker.onChange(onSaved);
    return () => {
      window.clearTimeout(timer);
      session.doc.off('update', onUpdate);
      stopFollowingSaves();
    };
  }, [session]);

  if (detail.state === 'failed') {
    const notFound = detail.error instanceof ApiError && detail.error.isNotFound;
    return (
      <div className="page page--narrow" data-testid="amendment-not-found">
        <PageMessage tone="problem" action={notFound ? undefined : { label: t('recommendations.retry'), onClick: retry }}>{notFound ? t('app.notFoundBody') : t('amendments.loadFailed')}</PageMessage>
        <p><a href={hrefFor({ page: 'recommendations' })}>{t('app.backToList')}</a></p>
      </div>
    );
  }
  if (detail.state === 'loading' || !session) return <PageMessage tone="progress">{t('editor.loading')}</PageMessage>;
  const amendment = detail.value;
  const language = recommendation.state === 'loaded' ? recommendation.value.language : null;

  return (
    <div className="editor-page amendment-page" data-testid="amendment-page" data-amendment-id={amendment.id} data-status={amendment.status}>
      <header className="editor-head">
        <div className="editor-head__inner">
          <div className="editor-head__main">
            <a className="back-link" href={hrefFor({ page: 'editor', recommendationId: amendment.recommendationId })}>
              <span aria-hidden="true">←</span> {t('amendments.back')}
              {recommendation.state === 'loaded' && <>: <span lang={recommendation.value.language}>{recommendation.value.title}</span></>}
            </a>
            <AmendmentHeading amendment={amendment} />
          </div>
        </div>
      </header>
      <AmendmentAuthors amendment={amendment} onChanged={() => setRevision((value) => value + 1)} />
      <AmendmentEditorSection session={session} amendment={amendment} language={language} />
      <div className="amendment-columns">
        <section className="amendment-section" aria-labelledby="amendment-diff-title">
          <h2 id="amendment-diff-title" className="amendment-section__title">{t('amendments.diffTitle')}</h2>
          <p className="amendment-section__base">
            {t('amendments.basePassage')}: <q lang={language ?? undefined}>{amendment.quotedText}</q>
          </p>
          <AmendmentDiffView diff={amendment.diff} beforeLabel={t('amendments.basePassage')} afterLabel={t('amendments.editorTitle')} testId="amendment-diff" />
        </section>
        <section className="amendment-section" aria-labelledby="amendment-preview-title">
          <h2 id="amendment-preview-title" className="amendment-section__title">{t('amendments.previewTitle')}</h2>
          {preview.state === 'loaded' ? (
            <>
              <AmendmentFlagList flags={preview.value.flags} />
              <AmendmentDiffView diff={preview.value.diff} beforeLabel={t('amendments.currentText')} afterLabel={t('amendments.previewTitle')} testId="amendment-preview" />
            </>
          ) : preview.state === 'loading' ? (
            <PageMessage tone="progress">{t('editor.loading')}</PageMessage>
          ) : (
            <PageMessage tone="problem">{t('amendments.loadFailed')}</PageMessage>
          )}
        </section>
      </div>
      <CloseForms amendment={amendment} onClosed={() => setRevision((value) => value + 1)} />
    </div>
  );
}

function AmendmentHeading({ amendment }: { amendment: AmendmentDetail }) {
  const { t } = useTranslation();
  const { locale } = useUiLanguage();
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(new Date(amendment.createdAt));
  return (
    <>
      <h1 className="editor-head__title" data-testid="amendment-title">{t('amendments.pageTitle', { title: amendment.title })}</h1>
      <dl className="meta">
        <div className="meta__item">
          <dt>{t('editor.statusLabel')}</dt>
          <dd><AmendmentStatusBadge status={amendment.status} /></dd>
        </div>
        <div className="meta__item">
          <dt>{t('amendments.passage')}</dt>
          <dd>{t('amendments.base', { number: amendment.baseVersion, hash: amendment.baseHash.slice(0, 12) })}</dd>
        </div>
      </dl>
      <p className="amendment-meta">{t('amendments.proposedBy', { name: amendment.createdBy.displayName, date })}</p>
      <p className="amendment-reason"><strong>{t('amendments.reason')}:</strong> {amendment.reason}</p>
      {amendment.closedBy && amendment.closedReason && (amendment.status === 'withdrawn' || amendment.status === 'declined') && (
        <p className="session-notice" data-testid="amendment-closed">{amendment.status === 'withdrawn'
            ? t('amendments.closed.withdrawn', { name: amendment.closedBy.displayName, reason: amendment.closedReason })
            : t('amendments.closed.declined', { name: amendment.closedBy.displayName, reason: amendment.closedReason })}</p>
      )}
      {amendment.status === 'adopted' && amendment.adoptedVersion !== null && <p className="session-notice">{t('amendments.adopted', { number: amendment.adoptedVersion })}</p>}
      <AmendmentFlagList flags={amendment.flags} />
    </>
  );
}

function AmendmentEditorSection({ session, amendment, language }: { session: CollabSession; amendment: AmendmentDetail; language: string | null }) {
  const { t } = useTranslation();
  const { member } = useSession();
  const user = useMemo(() => localUserOf(member ?? { id: '', displayName: '' }), [member]);
  const { permissionDenied } = useSessionSnapshot(session);
  const editable = amendment.canEdit && permissionDenied === null;
  const reason = permissionDenied !== null ? readOnlyReasonOf(permissionDenied) : amendment.canEdit ? null : amendment.status === 'under-vote' ? 'amendment-under-vote' : amendment.status === 'open' ? 'not-amendment-author' : 'amendment-closed';
  return (
    <>
      {!editable && (
        <div className="session-notice session-notice--read-only" role="status" data-testid="read-only-notice" data-reason={reason ?? 'other'}>
          {reason ? t(READ_ONLY_LABELS[reason]) : t('editor.readOnlyFallback')}
        </div>
      )}
      <AmendmentEditor key={session.doc.guid} session={session} user={user} editable={editable} passageBounds={amendment.passageBounds} contentLanguage={language} />
    </>
  );
}

function CloseForms({ amendment, onClosed }: { amendment: AmendmentDetail; onClosed: () => void }) {
  const actions = [...(amendment.canWithdraw ? (['withdraw'] as const) : []), ...(amendment.canDecline ? (['decline'] as const) : [])];
  if (actions.length === 0) return null;
  return (
    <div className="amendment-close">
      {actions.map((action) => (
        <CloseForm key={action} amendmentId={amendment.id} action={action} onClosed={onClosed} />
      ))}
    </div>
  );
}

function CloseForm({ amendmentId, action, onClosed }: { amendmentId: string; action: 'withdraw' | 'decline'; onClosed: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `amendment-${action}-reason`;
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await closeAmendment(amendmentId, action, reason);
      onClosed();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="amendment-close__form" onSubmit={(event) => void submit(event)} data-testid={`amendment-${action}-form`}>
      <label htmlFor={id}>{t('amendments.closeReason')}</label>
      <textarea id={id} value={reason} onChange={(event) => setReason(event.target.value)} required minLength={3} maxLength={AMENDMENT_LIMITS.closeReason} rows={2} aria-describedby={problem ? `${id}-problem` : undefined} />
      {problem && <p id={`${id}-problem`} className="form-field__problem" role="alert">{problem}</p>}
      <button type="submit" className="button" disabled={busy}>{action === 'withdraw' ? t('amendments.confirmWithdraw') : t('amendments.confirmDecline')}</button>
    </form>
  );
}
