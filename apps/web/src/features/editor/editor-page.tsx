import { frozenUntilOf, readOnlyReasonOf, type RecommendationDetail, type RecommendationStatus } from '@accord/contracts';
import { formatDeadline } from '../ballots/ballot-format';
import { PutToVoteLink } from '../ballots/put-to-vote-link';
import { useMemo, useState } from 'react';
import { ApiError } from '../../api/api-error';
import { fetchRecommendation } from '../../api/recommendations-api';
import { useApiResource, type ApiResource } from '../../api/use-api-resource';
import { hrefFor, type EditorView } from '../../app/router';
import { useSession } from '../../app/session-context';
import { PageMessage } from '../../components/page-message';
import { RelativeTimeLabel } from '../../components/relative-time-label';
import { StatusBadge } from '../../components/status-badge';
import { usePageTitle } from '../../components/use-page-title';
import { languageNameOf, useUiLanguage } from '../../i18n/i18n';
import { LEVEL_LABELS, READ_ONLY_LABELS, THEME_LABELS } from '../../i18n/labels';
import { useTranslation } from 'react-i18next';
import { HistoryView } from '../history/history-view';
import { CollaborationStatus } from './collaboration-status';
import { CollaborativeEditor } from './collaborative-editor';
import { SessionClosedNotice } from './session-closed-notice';
import { StatusForm } from './status-form';
import { useCollabSession, useSessionSnapshot } from './use-collab-session';
import type { CollabSession } from './collab-session';
import { localUserOf, type LocalUser } from './local-user';
import 'prosemirror-view/style/prosemirror.css';
import './editor.css';

/** `threadId`: a comment thread to open, with its passage in view (from a link in the inbox or a mail). */
export function EditorPage({ recommendationId, view = 'text', threadId = null }: { recommendationId: string; view?: EditorView; threadId?: string | null }) {
  const { t } = useTranslation();
  const [detail, retry] = useApiResource((signal) => fetchRecommendation(recommendationId, signal), recommendationId);
  const session = useCollabSession(recommendationId);
  const { member } = useSession();
  // Who the others see at this caret: the signed-in member (the server stamps the same on what it relays).
  const user = useMemo(() => localUserOf(member ?? { id: '', displayName: '' }), [member]);
  usePageTitle(detail.state === 'loaded' ? detail.value.title : null);

  if (detail.state === 'failed' && detail.error instanceof ApiError && detail.error.isNotFound) {
    return (
      <div className="page page--narrow" data-testid="recommendation-not-found">
        <PageMessage tone="problem">{t('editor.notFound')}</PageMessage>
        <p><a href={hrefFor({ page: 'recommendations' })}>{t('app.backToList')}</a></p>
      </div>
    );
  }

  return (
    <div className="editor-page" data-testid="editor-page" data-recommendation-id={recommendationId}>
      <header className="editor-head">
        <div className="editor-head__inner">
          <div className="editor-head__main">
            <a className="back-link" href={hrefFor({ page: 'recommendations' })}>
              <span aria-hidden="true">←</span> {t('app.backToList')}
            </a>
            <RecommendationHeading detail={detail} onRetry={retry} />
            <a className="back-link" href={hrefFor({ page: 'editions', recommendationId })} data-testid="editions-link">
              {t('publishing.editionsLink')}
            </a>
            <EditorViews recommendationId={recommendationId} view={view} />
          </div>
        </div>
      </header>
      {view === 'history' ? (
        // The collaboration session stays open behind the history, so going back to the text is instant.
        <HistoryView recommendationId={recommendationId} canEdit={detail.state === 'loaded' && detail.value.access.canEdit} />
      ) : session ? (
        <>
          <SessionClosedNotice session={session} />
          <ReadOnlyEditor session={session} detail={detail} user={user} recommendationId={recommendationId} threadId={threadId} />
        </>
      ) : (
        <PageMessage tone="progress">{t('editor.loading')}</PageMessage>
      )}
    </div>
  );
}

/** "Text | History": two views of one recommendation, as links (each has its own address). */
function EditorViews({ recommendationId, view }: { recommendationId: string; view: EditorView }) {
  const { t } = useTranslation();
  const views: { view: EditorView; label: string; testId: string }[] = [
    { view: 'text', label: t('history.views.text'), testId: 'view-text' },
    { view: 'history', label: t('history.views.history'), testId: 'view-history' },
  ];
  return (
    <nav aria-label={t('history.views.label')}>
      <ul className="editor-views">
        {views.map((entry) => (
          <li key={entry.view}>
            <a href={hrefFor({ page: 'editor', recommendationId, view: entry.view })} aria-current={entry.view === view ? 'page' : undefined} data-testid={entry.testId}>
              {entry.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function RecommendationHeading({ detail, onRetry }: { detail: ApiResource<RecommendationDetail>; onRetry: () => void }) {
  const { t } = useTranslation();
  const { locale } = useUiLanguage();
  // A status changed here shows at once, without reloading the heading (and losing focus).
  const [status, setStatus] = useState<RecommendationStatus | null>(null);
  if (detail.state === 'loading') {
    return (
      <div className="editor-head__placeholder" aria-busy="true">
        <span className="visually-hidden">{t('editor.loading')}</span>
        <span className="skeleton skeleton--title" />
        <span className="skeleton skeleton--meta" />
      </div>
    );
  }
  if (detail.state === 'failed') {
    return (
      <PageMessage tone="problem" action={{ label: t('recommendations.retry'), onClick: onRetry }}>
        {t('editor.loadFailed')}
      </PageMessage>
    );
  }
  const recommendation = { ...detail.value, status: status ?? detail.value.status };
  return (
    <>
      <h1 className="editor-head__title" data-testid="recommendation-title" lang={recommendation.language}>{recommendation.title}</h1>
      <dl className="meta" aria-label={t('editor.metaLabel')}>
        <div className="meta__item">
          <dt>{t('editor.statusLabel')}</dt>
          <dd><StatusBadge status={recommendation.status} /></dd>
        </div>
        <div className="meta__item">
          <dt>{t('editor.themeLabel')}</dt>
          <dd>{t(THEME_LABELS[recommendation.theme])}</dd>
        </div>
        <div className="meta__item">
          <dt>{t('editor.workingGroupLabel')}</dt>
          <dd>{recommendation.workingGroup.name}</dd>
        </div>
        <div className="meta__item">
          <dt>{t('editor.levelLabel')}</dt>
          <dd>{t(LEVEL_LABELS[recommendation.level])}</dd>
        </div>
        <div className="meta__item">
          <dt>{t('editor.contentLanguageLabel')}</dt>
          <dd data-testid="content-language">{languageNameOf(recommendation.language, locale)}</dd>
        </div>
        {recommendation.lastEditedAt && (
          <div className="meta__item">
            <dt>{t('recommendations.columns.lastEdited')}</dt>
            <dd><RelativeTimeLabel iso={recommendation.lastEditedAt} /></dd>
          </div>
        )}
      </dl>
      <StatusForm recommendation={recommendation} onChanged={(changed) => setStatus(changed.status)} />
      <PutToVoteLink recommendationId={recommendation.id} status={recommendation.status} />
    </>
  );
}

/**
 * The editor, read-only when the REST answer says the member may not edit or when the server
 * says so over the websocket (it also does after a role change), with the reason in words.
 */
function ReadOnlyEditor({ session, detail, user, recommendationId, threadId }: { session: CollabSession; detail: ApiResource<RecommendationDetail>; user: LocalUser; recommendationId: string; threadId: string | null }) {
  const { t, i18n } = useTranslation();
  const { member } = useSession();
  const { permissionDenied } = useSessionSnapshot(session);
  const access = detail.state === 'loaded' ? detail.value.access : null;
  const frozenUntil = permissionDenied !== null ? frozenUntilOf(permissionDenied) : null;
  const reason = permissionDenied !== null ? readOnlyReasonOf(permissionDenied) ?? access?.readOnlyReason ?? null : access && !access.canEdit ? access.readOnlyReason : null;
  const readOnly = permissionDenied !== null || (access !== null && !access.canEdit);
  return (
    <>
      {frozenUntil !== null ? (
        <div className="session-notice session-notice--read-only" role="status" data-testid="read-only-notice" data-reason="frozen">
          {t('ballots.frozen', { until: formatDeadline(frozenUntil, i18n.language) })} <a href={hrefFor({ page: 'ballots' })}>{t('ballots.frozenLink')}</a>
        </div>
      ) : readOnly && (
        <div className="session-notice session-notice--read-only" role="status" data-testid="read-only-notice" data-reason={reason ?? 'other'}>
          {reason ? t(READ_ONLY_LABELS[reason]) : t('editor.readOnlyFallback')}
        </div>
      )}
      <CollaborativeEditor key={session.doc.guid} session={session} user={user} editable={!readOnly} contentLanguage={detail.state === 'loaded' ? detail.value.language : null} recommendationId={recommendationId} openThreadId={threadId} member={member} status={<CollaborationStatus session={session} readOnly={readOnly} />} />
    </>
  );
}

