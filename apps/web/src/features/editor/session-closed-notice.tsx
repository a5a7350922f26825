import { useTranslation } from 'react-i18next';
import type { CollabSession } from './collab-session';
import { useSessionSnapshot } from './use-collab-session';

/** Why the server ended the editing session for good, in a sentence (also on the amendment page). */
export function SessionClosedNotice({ session }: { session: CollabSession }) {
  const { t } = useTranslation();
  const { closure } = useSessionSnapshot(session);
  if (!closure) return null;
  const message = {
    forbidden: t('editor.closed.forbidden'),
    'not-found': t('editor.closed.notFound'),
    'too-large': t('editor.closed.tooLarge'),
    'too-fast': t('editor.closed.tooFast'),
    'outside-passage': t('amendments.closedOutsidePassage'),
    other: t('editor.closed.other'),
  }[closure];
  return (
    <div className="session-notice" role="alert" data-testid="session-closed" data-reason={closure}>
      {message}
    </div>
  );
}
