import type { Awareness } from 'y-protocols/awareness';
import { useTranslation } from 'react-i18next';
import { initialsOf } from './presence';
import { usePresence } from './use-collab-session';

const VISIBLE_AVATARS = 5;

export function PresenceAvatars({ awareness }: { awareness: Awareness }) {
  const { t } = useTranslation();
  const users = usePresence(awareness);
  const visible = users.slice(0, VISIBLE_AVATARS);
  const hidden = users.length - visible.length;

  return (
    <ul className="presence" aria-label={t('presence.label')} data-testid="presence" data-count={users.length}>
      {visible.map((user) => {
        const name = user.name ?? t('presence.anonymous');
        const label = user.isSelf ? t('presence.you', { name }) : name;
        return (
          <li
            key={user.clientId}
            className={`presence__avatar${user.isSelf ? ' presence__avatar--self' : ''}`}
            style={{ backgroundColor: user.color }}
            title={label}
            data-testid="presence-avatar"
            data-client-id={user.clientId}
            data-self={user.isSelf ? 'true' : undefined}
          >
            <span aria-hidden="true">{initialsOf(user.name)}</span>
            <span className="visually-hidden">{label}</span>
          </li>
        );
      })}
      {hidden > 0 && (
        <li className="presence__more" title={t('presence.more', { count: hidden, names: users.slice(VISIBLE_AVATARS).map((u) => u.name ?? t('presence.anonymous')).join(', ') })}>
          +{hidden}
        </li>
      )}
    </ul>
  );
}
