import { useTranslation } from 'react-i18next';
import { hrefFor } from '../../app/router';
import { useUiLanguage } from '../../i18n/i18n';
import { useUnreadCount } from './unread-count';
import './notifications.css';

/**
 * The bell in the header: a link to the inbox page whose name says the count in words
 * ("Notifications, 3 unread"); the badge shows the number as text, not as a coloured dot.
 */
export function NotificationBell({ current }: { current: boolean }) {
  const { t } = useTranslation();
  const { locale } = useUiLanguage();
  const unread = useUnreadCount(true);
  const number = new Intl.NumberFormat(locale);
  const label = unread ? t('notifications.bellUnread', { count: unread }) : t('notifications.bellNoneUnread');
  return (
    <a
      className="app-header__link notification-bell"
      href={hrefFor({ page: 'notifications' })}
      aria-label={label}
      aria-current={current ? 'page' : undefined}
      data-testid="notification-bell"
      data-unread={unread ?? ''}
    >
      <svg className="notification-bell__icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
        <path d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15.5a2.5 2.5 0 0 0 5 0h-5Z" fill="currentColor" />
      </svg>
      {unread ? (
        <span className="notification-bell__badge" data-testid="notification-count">
          {/* Beyond 99 the badge would crowd the header; the name still says the exact count. */}
          {unread > 99 ? `${number.format(99)}+` : number.format(unread)}
        </span>
      ) : null}
    </a>
  );
}
