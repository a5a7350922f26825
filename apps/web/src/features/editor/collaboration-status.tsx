import { useEffect } from 'react';
import { CONNECTION_LABELS, SAVE_LABELS } from '../../i18n/labels';
import { useTranslation } from 'react-i18next';
import type { CollabSession } from './collab-session';
import { PresenceAvatars } from './presence-avatars';
import { useSaveSnapshot, useSessionSnapshot } from './use-collab-session';

/** Connection, save state and presence: what a writer checks before closing the tab. */
export function CollaborationStatus({ session }: { session: CollabSession }) {
  const { t } = useTranslation();
  const { connection } = useSessionSnapshot(session);
  const save = useSaveSnapshot(session.saveTracker);

  useEffect(() => {
    if (save.state === 'saved') return;
    const warn = (event: BeforeUnloadEvent): void => {
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = t('save.leaveWarning');
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [save.state, t('save.leaveWarning')]);

  return (
    <div className="collaboration-status" aria-label={t('editor.collaborationLabel')} role="group">
      <PresenceAvatars awareness={session.provider.awareness} />
      <span className={`chip chip--connection chip--${connection}`} data-testid="connection-state" data-state={connection}>
        <span className="chip__dot" aria-hidden="true" />
        {t(CONNECTION_LABELS[connection])}
      </span>
      {/* A polite live region: the state changes often while typing, and must not interrupt. */}
      <span
        className={`chip chip--save chip--${save.state}`}
        data-testid="save-state"
        data-state={save.state}
        data-local-clock={save.localClock}
        data-durable-clock={save.durableClock}
        role="status"
        aria-live="polite"
      >
        <SaveIcon state={save.state} />
        {t(SAVE_LABELS[save.state])}
      </span>
    </div>
  );
}

function SaveIcon({ state }: { state: 'saved' | 'saving' | 'unsaved' | 'offline' }) {
  if (state === 'saving') return <span className="chip__spinner" aria-hidden="true" />;
  return (
    <svg className="chip__icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false"
      fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
      {state === 'saved' ? (
        <path d="M3.5 8.5 6.5 11.5 12.5 4.5" />
      ) : (
        <>
          <circle cx="8" cy="8" r="6.25" />
          <path d="M8 4.75v3.75M8 11.1v.15" />
        </>
      )}
    </svg>
  );
}
