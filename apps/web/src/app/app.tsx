import { lazy, Suspense, useEffect } from 'react';
import { PageMessage } from '../components/page-message';
import { RecommendationListPage } from '../features/recommendations/recommendation-list-page';
import { useDictionary } from '../i18n/dictionary-context';
import { hrefFor, useRoute, type Route } from './router';

// The editor brings TipTap, ProseMirror and Yjs; the list page should not wait for them.
const EditorPage = lazy(() => import('../features/editor/editor-page').then((module) => ({ default: module.EditorPage })));

export function App() {
  const t = useDictionary();
  const route = useRoute();

  useEffect(() => {
    document.documentElement.lang = t.locale;
  }, [t.locale]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <a className="brand" href={hrefFor({ page: 'recommendations' })}>
            <span className="brand__mark" aria-hidden="true">A</span>
            <span className="brand__name">{t.app.name}</span>
            <span className="brand__tagline">{t.app.tagline}</span>
          </a>
          <nav aria-label={t.app.primaryNavigation}>
            <a className="app-header__link" href={hrefFor({ page: 'recommendations' })} aria-current={route.page === 'recommendations' ? 'page' : undefined}>
              {t.recommendations.pageTitle}
            </a>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <RoutedPage route={route} />
      </main>
    </>
  );
}

function RoutedPage({ route }: { route: Route }) {
  const t = useDictionary();
  switch (route.page) {
    case 'recommendations':
      return <RecommendationListPage />;
    case 'editor':
      // Keyed so that moving to another recommendation tears down the previous session completely.
      return (
        <Suspense fallback={<PageMessage tone="progress">{t.editor.loading}</PageMessage>}>
          <EditorPage key={route.recommendationId} recommendationId={route.recommendationId} />
        </Suspense>
      );
    case 'not-found':
      return (
        <div className="page page--narrow">
          <h1 className="page__title">{t.app.notFoundTitle}</h1>
          <p>{t.app.notFoundBody}</p>
          <p>
            <a href={hrefFor({ page: 'recommendations' })}>{t.app.backToList}</a>
          </p>
        </div>
      );
  }
}
