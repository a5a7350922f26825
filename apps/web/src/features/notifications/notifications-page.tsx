import type { NotificationView } from '@accord/contracts';
import { NOTICE_LABELS } from '../ballots/ballot-labels';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { fetchCommentEmails, fetchNotifications, markNotificationsRead, saveCommentEmails } from '../../api/notifications-api';
import { useApiResource } from '../../api/use-api-resource';
import { hrefFor } from '../../app/router';
import { PageMessage } from '../../components/page-message';
import { RelativeTimeLabel } from '../../components/relative-time-label';
import { usePageTitle } from '../../components/use-page-title';
import { announceNotificationsChanged } from './unread-count';
import './notifications.css';

/**
 * The inbox: mentions of the member and replies to threads they started, newest first. A page of
 * its own (#/notifications) rather than a popover: it is reached and left like any page (back
 * button, link in mail), needs no focus trap, reflows at 320 px and has room for the e-mail setting.
 */
export function NotificationsPage() {
  const { t } = useTranslation();
  usePageTitle(t('notifications.pageTitle'));
  const [loaded, retry] = useApiResource(fetchNotifications, 'notifications');
  const [notices, setNotices] = useState<NotificationView[] | null>(null);
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState('');
  const listHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (loaded.state === 'loaded') setNotices(loaded.value);
  }, [loaded]);

  const unread = notices?.filter((notice) => notice.readAt === null).length ?? 0;

  const markRead = async (ids: string[] | undefined): Promise<boolean> => {
    setProblem('');
    try {
      await markNotificationsRead(ids);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : t('notifications.markFailed'));
      return false;
    }
    const now = new Date().toISOString();
    setNotices((current) => current?.map((notice) => (notice.readAt === null && (!ids || ids.includes(notice.id)) ? { ...notice, readAt: now } : notice)) ?? null);
    announceNotificationsChanged();
    return true;
  };

  const markOne = async (notice: NotificationView, link: HTMLAnchorElement | null): Promise<void> => {
    if (!(await markRead([notice.id]))) return;
    setStatus(t('notifications.markedOne'));
    // The button goes away with the unread state: focus goes to the item's own link, not to the page top.
    link?.focus();
  };

  const markAll = async (): Promise<void> => {
    if (!(await markRead(undefined))) return;
    setStatus(t('notifications.markedAll'));
    listHeading.current?.focus();
  };

  return (
    <div className="page page--narrow" data-testid="notifications-page">
      <h1 className="page__title">{t('notifications.pageTitle')}</h1>
      <p className="page__intro">{t('notifications.intro')}</p>
      <EmailPreference />
      <div className="notifications__bar">
        <h2 className="notifications__heading" tabIndex={-1} ref={listHeading}>
          {notices && unread > 0 ? t('notifications.unreadCount', { count: unread }) : t('notifications.allRead')}
        </h2>
        {notices && unread > 0 && (
          <button type="button" className="button" onClick={() => void markAll()} data-testid="mark-all-read">
            {t('notifications.markAll')}
          </button>
        )}
      </div>
      <p className="visually-hidden" role="status">{status}</p>
      {problem && (
        <p className="notifications__problem" role="alert">
          {problem}
        </p>
      )}
      {loaded.state === 'loading' && <PageMessage tone="progress">{t('notifications.loading')}</PageMessage>}
      {loaded.state === 'failed' && (
        <PageMessage tone="problem" action={{ label: t('recommendations.retry'), onClick: retry }}>
          {t('notifications.loadFailed')}
        </PageMessage>
      )}
      {notices &&
        (notices.length === 0 ? (
          <p className="notifications__empty" data-testid="notifications-empty">
            {t('notifications.empty')}
          </p>
        ) : (
          <ul className="notifications__list" data-testid="notification-list">
            {notices.map((notice) => (
              <NoticeItem key={notice.id} notice={notice} onMarkRead={(link) => void markOne(notice, link)} />
            ))}
          </ul>
        ))}
    </div>
  );
}

function NoticeItem({ notice, onMarkRead }: { notice: NotificationView; onMarkRead: (link: HTMLAnchorElement | null) => void }) {
  const { t } = useTranslation();
  const link = useRef<HTMLAnchorElement>(null);
  const unread = notice.readAt === null;
  const summaryId = `notice-${notice.id}`;
  const summary =
    notice.kind === 'mention'
      ? t('notifications.mentioned', { actor: notice.actorName, title: notice.recommendationTitle })
      : notice.kind === 'reply'
        ? t('notifications.replied', { actor: notice.actorName, title: notice.recommendationTitle })
        : t(NOTICE_LABELS[notice.kind], { title: notice.recommendationTitle });
  const target =
    notice.ballotId !== null ? hrefFor({ page: 'ballot', ballotId: notice.ballotId }) : hrefFor({ page: 'editor', recommendationId: notice.recommendationId ?? '' });
  return (
    <li className={unread ? 'notice notice--unread' : 'notice'} data-testid="notification" data-notification-id={notice.id} data-read={unread ? 'false' : 'true'}>
      <div className="notice__head">
        {/* "New" in words: the tint alone would not tell a screen reader or a colour-blind reader. */}
        {unread && <span className="notice__new">{t('notifications.new')}</span>}
        <a className="notice__link" id={summaryId} ref={link} href={target}>
          {summary}
        </a>
      </div>
      {notice.preview && <p className="notice__preview">{notice.preview}</p>}
      <div className="notice__foot">
        <RelativeTimeLabel iso={notice.createdAt} />
        {unread && (
          <button type="button" className="button button--quiet" aria-describedby={summaryId} onClick={() => onMarkRead(link.current)} data-testid="mark-read">
            {t('notifications.markRead')}
          </button>
        )}
      </div>
    </li>
  );
}

/** The member's choice of e-mails about mentions and replies; the inbox keeps them either way. */
function EmailPreference() {
  const { t } = useTranslation();
  const [loaded] = useApiResource(fetchCommentEmails, 'comment-emails');
  const [value, setValue] = useState<boolean | null>(null);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ tone: 'saved' | 'problem'; text: string } | null>(null);

  useEffect(() => {
    if (loaded.state === 'loaded') setValue(loaded.value);
  }, [loaded]);

  const change = async (next: boolean): Promise<void> => {
    // Not disabled while saving: a disabled checkbox would drop the keyboard focus.
    if (saving) return;
    setSaving(true);
    setMessage(null);
    // The box shows the choice at once; a refusal puts it back and says so.
    const previous = value;
    setValue(next);
    try {
      const stored = await saveCommentEmails(next);
      setValue(stored);
      setMessage({ tone: 'saved', text: stored ? t('notifications.emailsOnSaved') : t('notifications.emailsOffSaved') });
    } catch (error) {
      setValue(previous);
      setMessage({ tone: 'problem', text: error instanceof ApiError ? error.message : t('notifications.emailsFailed') });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="notifications__settings" aria-labelledby="notification-settings-heading">
      <h2 id="notification-settings-heading" className="notifications__settings-title">
        {t('notifications.settingsTitle')}
      </h2>
      {loaded.state === 'failed' ? (
        <p role="alert">{t('notifications.emailsLoadFailed')}</p>
      ) : (
        <label className="notifications__toggle">
          <input
            type="checkbox"
            checked={value ?? false}
            disabled={value === null}
            onChange={(event) => void change(event.target.checked)}
            data-testid="comment-emails"
          />
          <span>{t('notifications.emailsLabel')}</span>
        </label>
      )}
      <p className={message?.tone === 'problem' ? 'notifications__problem' : 'notifications__saved'} role="status" data-testid="comment-emails-status">
        {message?.text ?? ''}
      </p>
    </section>
  );
}
