import { DRAFT_EXPORT_FORMATS, ERRATUM_REASON_MAX_CHARACTERS, ERRATUM_REASON_MIN_CHARACTERS, type DraftExportFormat, type EditionView, type PublishingCapabilities, type RecommendationDetail } from '@accord/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { fetchDraftExport, fetchEditions, fetchPublishingCapabilities, publishEdition, publishErratum } from '../../api/publishing-api';
import { fetchRecommendation } from '../../api/recommendations-api';
import { useApiResource } from '../../api/use-api-resource';
import { hrefFor } from '../../app/router';
import { FormField } from '../../components/form-field';
import { PageMessage } from '../../components/page-message';
import { StatusBadge } from '../../components/status-badge';
import { usePageTitle } from '../../components/use-page-title';
import { useUiLanguage } from '../../i18n/i18n';
import { RenderProgress } from './render-progress';
import './publishing.css';

interface Loaded {
  detail: RecommendationDetail;
  editions: EditionView[];
  capabilities: PublishingCapabilities;
}

async function loadAll(recommendationId: string, signal: AbortSignal): Promise<Loaded> {
  const [detail, editions, capabilities] = await Promise.all([fetchRecommendation(recommendationId, signal), fetchEditions(recommendationId, signal), fetchPublishingCapabilities(signal)]);
  return { detail, editions, capabilities };
}

/**
 * Editions and exports of one recommendation (#/recommendations/<id>/editions): the published
 * editions with their files and hashes, publishing (edition 1, then corrections) for the lead
 * partner's coordinators, and draft exports for every member.
 */
export function EditionsPage({ recommendationId }: { recommendationId: string }) {
  const { t } = useTranslation();
  const [loaded, reload] = useApiResource((signal) => loadAll(recommendationId, signal), `editions:${recommendationId}`, true);
  const [dialog, setDialog] = useState<'publish' | 'erratum' | null>(null);
  const [status, setStatus] = useState('');
  const editionsHeading = useRef<HTMLHeadingElement>(null);
  usePageTitle(loaded.state === 'loaded' ? t('publishing.pageTitle', { title: loaded.value.detail.title }) : t('publishing.pageTitleShort'));

  if (loaded.state === 'loading') return <PageMessage tone="progress">{t('publishing.loading')}</PageMessage>;
  if (loaded.state === 'failed') {
    const notFound = loaded.error instanceof ApiError && loaded.error.isNotFound;
    return (
      <div className="page page--narrow">
        <PageMessage tone="problem" action={notFound ? undefined : { label: t('publishing.retry'), onClick: reload }}>
          {notFound ? t('editor.notFound') : loaded.error instanceof ApiError ? loaded.error.message : t('publishing.loadFailed')}
        </PageMessage>
        <p><a href={hrefFor({ page: 'recommendations' })}>{t('app.backToList')}</a></p>
      </div>
    );
  }

  const { detail, editions, capabilities } = loaded.value;
  const published = async (edition: EditionView) => {
    setDialog(null);
    setStatus(t('publishing.published', { label: edition.label }));
    reload();
    editionsHeading.current?.focus();
  };

  return (
    <div className="page page--narrow publishing-page" data-testid="editions-page">
      <a className="publishing-back-link" href={hrefFor({ page: 'editor', recommendationId })}>
        <span aria-hidden="true">←</span> {t('publishing.backToText')}
      </a>
      <h1 className="page__title">{t('publishing.heading')}</h1>
      <p className="publishing-page__subject">
        <span lang={detail.language}>{detail.title}</span> <StatusBadge status={detail.status} />
      </p>
      <p className="visually-hidden" role="status" data-testid="publishing-status">{status}</p>
      {!capabilities.pdfAvailable && (
        <p className="publishing-notice" role="note" data-testid="pdf-unavailable">
          {t('publishing.pdfUnavailable')}
        </p>
      )}

      <section className="publishing-section" aria-labelledby="publish-heading">
        <h2 id="publish-heading">{t('publishing.publishHeading')}</h2>
        <PublishActions detail={detail} capabilities={capabilities} hasEditions={editions.length > 0} onOpen={setDialog} />
      </section>

      <section className="publishing-section" aria-labelledby="editions-heading">
        <h2 id="editions-heading" tabIndex={-1} ref={editionsHeading}>
          {t('publishing.editionsHeading')}
        </h2>
        {editions.length === 0 ? <p>{t('publishing.noEditions')}</p> : [...editions].reverse().map((edition) => <EditionCard key={edition.id} edition={edition} />)}
      </section>

      <DraftExports recommendationId={recommendationId} pdfAvailable={capabilities.pdfAvailable} />

      {dialog && <PublishDialog kind={dialog} detail={detail} capabilities={capabilities} latest={editions[editions.length - 1] ?? null} onClose={() => setDialog(null)} onPublished={published} />}
    </div>
  );
}

function PublishActions({ detail, capabilities, hasEditions, onOpen }: { detail: RecommendationDetail; capabilities: PublishingCapabilities; hasEditions: boolean; onOpen: (kind: 'publish' | 'erratum') => void }) {
  const { t } = useTranslation();
  if (!capabilities.canPublish) return <p>{t('publishing.notPublisher')}</p>;
  if (detail.status === 'adopted')
    return (
      <div className="page__actions">
        <p>{t('publishing.readyToPublish')}</p>
        <button type="button" className="button button--primary" onClick={() => onOpen('publish')} data-testid="open-publish">
          {t('publishing.publishButton')}
        </button>
      </div>
    );
  if (detail.status === 'published' && hasEditions)
    return (
      <div className="page__actions">
        <p>{t('publishing.correctionHint')}</p>
        <button type="button" className="button" onClick={() => onOpen('erratum')} data-testid="open-erratum">
          {t('publishing.erratumButton')}
        </button>
      </div>
    );
  return <p>{t('publishing.notAdopted')}</p>;
}

function PublishDialog({ kind, detail, capabilities, latest, onClose, onPublished }: { kind: 'publish' | 'erratum'; detail: RecommendationDetail; capabilities: PublishingCapabilities; latest: EditionView | null; onClose: () => void; onPublished: (edition: EditionView) => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [reasonProblem, setReasonProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setProblem('');
    const trimmed = reason.trim();
    if (kind === 'erratum' && (trimmed.length < ERRATUM_REASON_MIN_CHARACTERS || trimmed.length > ERRATUM_REASON_MAX_CHARACTERS)) {
      setReasonProblem(t('publishing.reasonLength', { min: ERRATUM_REASON_MIN_CHARACTERS, max: ERRATUM_REASON_MAX_CHARACTERS }));
      document.getElementById(reasonFieldId)?.focus();
      return;
    }
    setReasonProblem(null);
    setBusy(true);
    try {
      onPublished(kind === 'publish' ? await publishEdition(detail.id) : await publishErratum(detail.id, trimmed));
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : t('publishing.publishFailed'));
      setBusy(false);
    }
  };

  const reasonFieldId = 'erratum-reason';
  const title = kind === 'publish' ? t('publishing.publishDialogTitle') : t('publishing.erratumDialogTitle', { label: latest?.label ?? '' });
  return (
    <dialog ref={dialog} className="publish-dialog" aria-labelledby="publish-dialog-title" onCancel={(event) => (busy ? event.preventDefault() : onClose())} data-testid="publish-dialog">
      <form onSubmit={(event) => void submit(event)} aria-busy={busy}>
        <h2 id="publish-dialog-title">{title}</h2>
        <p>{kind === 'publish' ? t('publishing.publishDialogText', { title: detail.title }) : t('publishing.erratumDialogText')}</p>
        <p>{t('publishing.dialogFiles')}</p>
        {!capabilities.pdfAvailable && <p className="publishing-notice" role="note">{t('publishing.pdfUnavailable')}</p>}
        {kind === 'erratum' && (
          <FormField label={t('publishing.reasonLabel')} hint={t('publishing.reasonHint', { max: ERRATUM_REASON_MAX_CHARACTERS })} problem={reasonProblem}>
            {(control) => <textarea {...control} id={reasonFieldId} className="input" rows={3} maxLength={ERRATUM_REASON_MAX_CHARACTERS} value={reason} onChange={(event) => setReason(event.target.value)} disabled={busy} data-testid="erratum-reason" />}
          </FormField>
        )}
        {busy && <RenderProgress label={t('publishing.rendering')} />}
        {problem && (
          <p className="form-panel__problem" role="alert">
            {problem}
          </p>
        )}
        <div className="form-panel__actions">
          <button type="submit" className="button button--primary" disabled={busy} data-testid="confirm-publish">
            {kind === 'publish' ? t('publishing.confirmPublish') : t('publishing.confirmErratum')}
          </button>
          <button type="button" className="button button--quiet" onClick={onClose} disabled={busy}>
            {t('publishing.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function EditionCard({ edition }: { edition: EditionView }) {
  const { t } = useTranslation();
  const { locale } = useUiLanguage();
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(edition.publishedAt));
  const size = (bytes: number) => new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 }).format(bytes / 1024);
  return (
    <article className="edition-card" data-testid="edition-card" aria-labelledby={`edition-${edition.id}`}>
      <h3 id={`edition-${edition.id}`}>{edition.label}</h3>
      <p>{t('publishing.publishedBy', { date, name: edition.publisher.name, partner: edition.publisher.partner })}</p>
      {edition.erratumReason && <p className="edition-card__erratum">{t('publishing.correction', { reason: edition.erratumReason })}</p>}
      <p>
        {t('publishing.textHash')} <code className="hash">{edition.contentHash}</code>
      </p>
      <p>
        <a href={edition.publicUrl} data-testid="public-page-link">{t('publishing.publicPage')}</a>
      </p>
      {edition.pdfMissing && <p className="publishing-notice" role="note">{t('publishing.pdfMissing')}</p>}
      <div className="edition-card__files">
        <table>
          <caption>{t('publishing.filesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('publishing.fileColumn')}</th>
              <th scope="col">{t('publishing.sizeColumn')}</th>
              <th scope="col">{t('publishing.renderColumn')}</th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {edition.exports.map((file) => (
              <tr key={file.kind}>
                <th scope="row">
                  <a href={file.url} download={file.fileName}>{file.fileName}</a>
                </th>
                <td>{size(file.size)}</td>
                <td>{t('publishing.renderMs', { ms: file.renderMs })}</td>
                <td>
                  <code className="hash">{file.sha256}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}

function DraftExports({ recommendationId, pdfAvailable }: { recommendationId: string; pdfAvailable: boolean }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<DraftExportFormat | null>(null);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState('');
  const formatLabel: Record<DraftExportFormat, string> = { pdf: t('publishing.formats.pdf'), docx: t('publishing.formats.docx'), markdown: t('publishing.formats.markdown'), html: t('publishing.formats.html') };

  const download = async (format: DraftExportFormat) => {
    setBusy(format);
    setProblem('');
    setStatus('');
    try {
      const file = await fetchDraftExport(recommendationId, format);
      const url = URL.createObjectURL(file.blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = file.fileName;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setStatus(t('publishing.draftReady', { file: file.fileName }));
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : t('publishing.draftFailed'));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="publishing-section" aria-labelledby="draft-heading">
      <h2 id="draft-heading">{t('publishing.draftHeading')}</h2>
      <p>{t('publishing.draftIntro')}</p>
      <div className="draft-exports">
        {DRAFT_EXPORT_FORMATS.map((format) => (
          <button key={format} type="button" className="button" disabled={busy !== null || (format === 'pdf' && !pdfAvailable)} onClick={() => void download(format)} data-testid={`draft-export-${format}`}>
            {formatLabel[format]}
          </button>
        ))}
      </div>
      {busy && <RenderProgress label={t('publishing.draftRendering', { format: formatLabel[busy] })} />}
      <p role="status" data-testid="draft-status">{status}</p>
      {problem && <p role="alert" className="form-panel__problem">{problem}</p>}
    </section>
  );
}
