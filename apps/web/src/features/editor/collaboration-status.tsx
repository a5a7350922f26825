import { useEffect, useRef, useState } from 'react';
import { mergePresenceChanges, presenceChange, StatusAnnouncements, type PresenceChange } from './announcements';
import { useDictionary } from '../../i18n/dictionary-context';
import type { CollabSession, ConnectionState } from './collab-session';
import type { SaveState } from './save-tracker';
import { PresenceAvatars } from './presence-avatars';
import type { PresentUser } from './presence';
import { usePresence, useSaveSnapshot, useSessionSnapshot } from './use-collab-session';

/** How long joins and leaves are gathered before they are said in one sentence. */
const PRESENCE_QUIET_MS = 1500;

/** Connection, save state and presence: what a writer checks before closing the tab. */
export function CollaborationStatus({ session }: { session: CollabSession }) {
  const t = useDictionary();
  const { connection } = useSessionSnapshot(session);
  const save = useSaveSnapshot(session.saveTracker);

  useEffect(() => {
    if (save.state === 'saved') return;
    const warn = (event: BeforeUnloadEvent): void => {
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = t.save.leaveWarning;
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [save.state, t.save.leaveWarning]);

  return (
    <div className="collaboration-status" aria-label={t.editor.collaborationLabel} role="group">
      <PresenceAvatars awareness={session.provider.awareness} />
      <CollaborationAnnouncer session={session} connection={connection} save={save.state} />
      <span className={`chip chip--connection chip--${connection}`} data-testid="connection-state" data-state={connection}>
        <span className="chip__dot" aria-hidden="true" />
        {t.connection[connection]}
      </span>
      {/* Not a live region: it flips with every keystroke; the announcer says what changed. */}
      <span
        className={`chip chip--save chip--${save.state}`}
        data-testid="save-state"
        data-state={save.state}
        data-local-clock={save.localClock}
        data-durable-clock={save.durableClock}
      >
        <SaveIcon state={save.state} />
        {t.save[save.state]}
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

/**
 * One polite live region for the editor: connection and save state when they change, and who
 * joined or left, gathered for a moment so that several arrivals make one sentence.
 */
function CollaborationAnnouncer({ session, connection, save }: { session: CollabSession; connection: ConnectionState; save: SaveState }) {
  const t = useDictionary();
  const users = usePresence(session.provider.awareness);
  const [statusMessage, setStatusMessage] = useState('');
  const [presenceMessage, setPresenceMessage] = useState('');
  const announcements = useRef<StatusAnnouncements | null>(null);
  const seenUsers = useRef<PresentUser[] | null>(null);
  const pending = useRef<PresenceChange>({ joined: [], left: [] });
  const firstPresence = useRef(true);

  useEffect(() => {
    announcements.current ??= new StatusAnnouncements({ connection, save });
    const said = announcements.current.next({ connection, save });
    const parts: string[] = [];
    // Offline is in the save sentence already.
    if (said.connection && !(said.connection === 'offline' && said.save === 'offline')) parts.push(t.connection[said.connection]);
    if (said.save) parts.push(t.save[said.save]);
    if (parts.length > 0) setStatusMessage(parts.join('. '));
  }, [connection, save, t]);

  useEffect(() => {
    const before = seenUsers.current ?? users.filter((user) => user.isSelf);
    seenUsers.current = users;
    const change = presenceChange(before, users, t.presence.anonymous);
    if (change.joined.length === 0 && change.left.length === 0) return;
    pending.current = mergePresenceChanges(pending.current, change);
    const timer = window.setTimeout(() => {
      const { joined, left } = pending.current;
      pending.current = { joined: [], left: [] };
      const names = (list: string[]): string => new Intl.ListFormat(t.locale, { type: 'conjunction' }).format(list);
      const parts: string[] = [];
      // The people already there when you open the text did not just join.
      if (joined.length > 0) parts.push(firstPresence.current ? t.presence.alsoHere(names(joined), joined.length) : t.presence.joined(names(joined), joined.length));
      if (left.length > 0) parts.push(t.presence.left(names(left), left.length));
      firstPresence.current = false;
      if (parts.length > 0) setPresenceMessage(parts.join(' '));
    }, PRESENCE_QUIET_MS);
    return () => window.clearTimeout(timer);
  }, [users, t]);

  return (
    <span className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {[statusMessage, presenceMessage].filter(Boolean).join(' ')}
    </span>
  );
}
