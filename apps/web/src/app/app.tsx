import { lazy, Suspense, useEffect, useRef, type MouseEvent } from 'react';
import { LanguageSwitcher } from '../components/language-switcher';
import { usePageTitle } from '../components/use-page-title';
import { PageMessage } from '../components/page-message';
import { ForgotPasswordPage, SetPasswordPage } from '../features/auth/set-password-page';
import { SignInPage } from '../features/auth/sign-in-page';
import { NetworkPage } from '../features/network/network-page';
import { NotificationBell } from '../features/notifications/notification-bell';
import { NotificationsPage } from '../features/notifications/notifications-page';
import { RecommendationListPage } from '../features/recommendations/recommendation-list-page';
import { ROLE_LABELS } from '../i18n/labels';
import { useTranslation } from 'react-i18next';
import { hrefFor, isPublicRoute, useRoute, type Route } from './router';
import { SessionProvider, useSession } from './session-context';

// The editor brings TipTap, ProseMirror and Yjs; the list page should not wait for them.
const EditionsPage = lazy(() => import('../features/publishing/editions-page').then((module) => ({ default: module.EditionsPage })));
const EditorPage = lazy(() => import('../features/editor/editor-page').then((module) => ({ default: module.EditorPage })));

export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const route = useRoute();
  const session = useSession();
  const member = session.member;

  // After moving to another page, focus starts at its content, as after a page load: a screen
  // reader reads the new page and Tab goes on from there, not from a button that is gone.
  const routeKey = `${JSON.stringify(route)} ${member ? member.id : 'signed out'}`;
  const shownRoute = useRef(routeKey);
  useEffect(() => {
    if (shownRoute.current === routeKey) return;
    shownRoute.current = routeKey;
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [routeKey]);

  return (
    <>
      {/* The hash belongs to the router: moving focus by hand keeps the page and lands on the content. */}
      <a className="skip-link" href="#main" onClick={skipToMain} data-testid="skip-link">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <a className="brand" href={hrefFor({ page: 'recommendations' })}>
            <span className="brand__mark" aria-hidden="true">A</span>
            <span className="brand__name">{t('app.name')}</span>
            <span className="brand__tagline">{t('app.tagline')}</span>
          </a>
          <nav aria-label={t('app.primaryNavigation')}>
            {member && (
              <>
                <a className="app-header__link" href={hrefFor({ page: 'recommendations' })} aria-current={route.page === 'recommendations' ? 'page' : undefined}>
                  {t('recommendations.pageTitle')}
                </a>
                {member.roles.includes('coordinator') && (
                  <a className="app-header__link" href={hrefFor({ page: 'network' })} aria-current={route.page === 'network' ? 'page' : undefined} data-testid="network-link">
                    {t('app.network')}
                  </a>
                )}
                <NotificationBell current={route.page === 'notifications'} />
              </>
            )}
          </nav>
          {member && (
            <div className="app-header__account" data-testid="signed-in-member" data-roles={member.roles.join(' ')}>
              <span>{t('app.signedInAs', { name: member.displayName, roles: member.roles.map((role) => t(ROLE_LABELS[role])).join(', ') })}</span>
              <button type="button" className="button button--quiet" onClick={() => void session.signOut()} data-testid="sign-out">
                {t('app.signOut')}
              </button>
            </div>
          )}
          <LanguageSwitcher />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {session.state === 'loading' ? (
          <PageMessage tone="progress">{t('recommendations.loading')}</PageMessage>
        ) : session.state === 'unreachable' ? (
          <PageMessage tone="problem">{t('app.unreachable')}</PageMessage>
        ) : !member && !isPublicRoute(route) ? (
          <SignInPage />
        ) : (
          <RoutedPage route={route} />
        )}
      </main>
    </>
  );
}

function skipToMain(event: MouseEvent<HTMLAnchorElement>): void {
  event.preventDefault();
  const main = document.getElementById('main');
  main?.focus();
  main?.scrollIntoView();
}

function RoutedPage({ route }: { route: Route }) {
  const { t } = useTranslation();
  switch (route.page) {
    case 'recommendations':
      return <RecommendationListPage />;
    case 'editor':
      // Keyed so that moving to another recommendation tears down the previous session completely.
      return (
        <Suspense fallback={<PageMessage tone="progress">{t('editor.loading')}</PageMessage>}>
          <EditorPage key={route.recommendationId} recommendationId={route.recommendationId} view={route.view ?? 'text'} threadId={route.threadId ?? null} />
        </Suspense>
      );
    case 'editions':
      return (
        <Suspense fallback={<PageMessage tone="progress">{t('publishing.loading')}</PageMessage>}>
          <EditionsPage key={route.recommendationId} recommendationId={route.recommendationId} />
        </Suspense>
      );
    case 'sign-in':
      return <SignInPage />;
    case 'forgot-password':
      return <ForgotPasswordPage />;
    case 'invitation':
      return <SetPasswordPage purpose="invitation" token={route.token} />;
    case 'reset-password':
      return <SetPasswordPage purpose="reset" token={route.token} />;
    case 'network':
      return <NetworkPage />;
    case 'notifications':
      return <NotificationsPage />;
    case 'not-found':
      return <NotFoundPage />;
  }
}

function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('app.notFoundTitle'));
  return (
    <div className="page page--narrow" data-testid="not-found-page">
      <h1 className="page__title">{t('app.notFoundTitle')}</h1>
      <p>{t('app.notFoundBody')}</p>
      <p>
        <a href={hrefFor({ page: 'recommendations' })}>{t('app.backToList')}</a>
      </p>
    </div>
  );
}
