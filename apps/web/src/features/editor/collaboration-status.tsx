import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUiLanguage } from '../../i18n/i18n';
import { CONNECTION_LABELS, SAVE_LABELS } from '../../i18n/labels';
import { mergePresenceChanges, presenceChange, StatusAnnouncements, type PresenceChange } from './announcements';
import type { CollabSession, ConnectionState } from './collab-session';
import type { SaveState } from './save-tracker';
import { PresenceAvatars } from './presence-avatars';
import { readPresence, type PresentUser } from './presence';
import { useSaveSnapshot, useSessionSnapshot } from './use-collab-session';

/** How long joins and leaves are gathered before they are said in one sentence. */
const PRESENCE_QUIET_MS = 1500;

/**
 * Connection, save state and presence: what a writer checks before closing the tab. A read-only
 * member has nothing to save, so their page shows no save state and never warns on leaving.
 */
export function CollaborationStatus({ session, readOnly = false }: { session: CollabSession; readOnly?: boolean }) {
  const { t } = useTranslation();
  const { connection } = useSessionSnapshot(session);
  const save = useSaveSnapshot(session.saveTracker);

  useEffect(() => {
    if (readOnly || save.state === 'saved') return;
    const warn = (event: BeforeUnloadEvent): void => {
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = t('save.leaveWarning');
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [readOnly, save.state, t('save.leaveWarning')]);

  return (
    <div className="collaboration-status" aria-label={t('editor.collaborationLabel')} role="group">
      <PresenceAvatars awareness={session.provider.awareness} />
      <CollaborationAnnouncer session={session} connection={connection} save={readOnly ? 'saved' : save.state} />
      <span className={`chip chip--connection chip--${connection}`} data-testid="connection-state" data-state={connection}>
        <span className="chip__dot" aria-hidden="true" />
        {t(CONNECTION_LABELS[connection])}
      </span>
      {/* Not a live region: it flips with every keystroke; the announcer says what changed. */}
      {!readOnly && <span
        className={`chip chip--save chip--${save.state}`}
        data-testid="save-state"
        data-state={save.state}
        data-local-clock={save.localClock}
        data-durable-clock={save.durableClock}
      >
        <SaveIcon state={save.state} />
        {t(SAVE_LABELS[save.state])}
      </span>}
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

/**
 * One polite live region for the editor: connection and save state when they change, and who
 * joined or left, gathered for a moment so that several arrivals make one sentence.
 */
function CollaborationAnnouncer({ session, connection, save }: { session: CollabSession; connection: ConnectionState; save: SaveState }) {
  const { t } = useTranslation();
  const { locale } = useUiLanguage();
  const [statusMessage, setStatusMessage] = useState('');
  const [presenceMessage, setPresenceMessage] = useState('');
  const announcements = useRef<StatusAnnouncements | null>(null);
  // Read when a sentence is made: a language switch must not restart the presence watch (it would
  // take everyone present for new arrivals).
  const language = useRef({ t, locale });
  language.current = { t, locale };

  useEffect(() => {
    announcements.current ??= new StatusAnnouncements({ connection, save });
    const said = announcements.current.next({ connection, save });
    const parts: string[] = [];
    // Offline is in the save sentence already.
    if (said.connection && !(said.connection === 'offline' && said.save === 'offline')) parts.push(t(CONNECTION_LABELS[said.connection]));
    if (said.save) parts.push(t(SAVE_LABELS[said.save]));
    if (parts.length > 0) setStatusMessage(parts.join('. '));
  }, [connection, save, t]);

  useEffect(() => {
    const awareness = session.provider.awareness;
    let seen: PresentUser[] = readPresence(awareness).filter((user) => user.isSelf);
    let pending: PresenceChange = { joined: [], left: [] };
    let alreadyHere: string[] = [];
    let timer: number | undefined;
    const say = (): void => {
      const { t, locale } = language.current;
      const names = (list: string[]): string => new Intl.ListFormat(locale, { type: 'conjunction' }).format(list);
      const parts: string[] = [];
      if (alreadyHere.length > 0) parts.push(t('presence.alsoHere', { names: names(alreadyHere), count: alreadyHere.length }));
      if (pending.joined.length > 0) parts.push(t('presence.joined', { names: names(pending.joined), count: pending.joined.length }));
      if (pending.left.length > 0) parts.push(t('presence.left', { names: names(pending.left), count: pending.left.length }));
      pending = { joined: [], left: [] };
      alreadyHere = [];
      if (parts.length > 0) setPresenceMessage(parts.join(' '));
    };
    const onChange = (): void => {
      const now = readPresence(awareness);
      const change = presenceChange(seen, now, language.current.t('presence.anonymous'));
      seen = now;
      if (change.joined.length === 0 && change.left.length === 0) return;
      // The server sends who is present before the document sync completes: those people were
      // there already, they did not just join.
      if (session.provider.synced) {
        pending = mergePresenceChanges(pending, change);
      } else {
        alreadyHere = [...alreadyHere, ...change.joined];
        pending = mergePresenceChanges(pending, { joined: [], left: change.left });
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(say, PRESENCE_QUIET_MS);
    };
    onChange();
    awareness.on('change', onChange);
    return () => {
      awareness.off('change', onChange);
      window.clearTimeout(timer);
    };
  }, [session]);

  return (
    <span className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {[statusMessage, presenceMessage].filter(Boolean).join(' ')}
    </span>
  );
}
