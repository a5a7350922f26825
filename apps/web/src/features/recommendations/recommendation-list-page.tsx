import { RECOMMENDATION_STATUSES, THEMES, type RecommendationSummary } from '@accord/contracts';
import { useState } from 'react';
import { fetchRecommendations, fetchWorkingGroups } from '../../api/recommendations-api';
import { useApiResource } from '../../api/use-api-resource';
import { hrefFor } from '../../app/router';
import { PageMessage } from '../../components/page-message';
import { RelativeTimeLabel } from '../../components/relative-time-label';
import { StatusBadge } from '../../components/status-badge';
import { usePageTitle } from '../../components/use-page-title';
import { LEVEL_LABELS, STATUS_LABELS, THEME_LABELS, WORKING_GROUP_KIND_LABELS } from '../../i18n/labels';
import { useTranslation } from 'react-i18next';
import { NewRecommendation } from './new-recommendation-form';
import './recommendations.css';

export function RecommendationListPage() {
  const { t } = useTranslation();
  const [recommendations, retry] = useApiResource(fetchRecommendations, 'recommendations');
  const [workingGroups] = useApiResource(fetchWorkingGroups, 'working-groups');
  const [filter, setFilter] = useState({ workingGroupId: '', theme: '', status: '' });
  usePageTitle(t('recommendations.pageTitle'));
  const shown =
    recommendations.state === 'loaded'
      ? recommendations.value.filter(
          (recommendation) =>
            (!filter.workingGroupId || recommendation.workingGroup.id === filter.workingGroupId) &&
            (!filter.theme || recommendation.theme === filter.theme) &&
            (!filter.status || recommendation.status === filter.status),
        )
      : [];

  return (
    <div className="page">
      <div className="page__heading">
        <div>
          <h1 className="page__title">{t('recommendations.pageTitle')}</h1>
          <p className="page__intro">{t('recommendations.intro')}</p>
        </div>
        {recommendations.state === 'loaded' && (
          <p className="page__count">{t('recommendations.count', { count: recommendations.value.length })}</p>
        )}
      </div>
      {workingGroups.state === 'loaded' && <NewRecommendation workingGroups={workingGroups.value} />}
      {recommendations.state === 'loading' && <PageMessage tone="progress">{t('recommendations.loading')}</PageMessage>}
      {recommendations.state === 'failed' && (
        <PageMessage tone="problem" action={{ label: t('recommendations.retry'), onClick: retry }}>
          {t('recommendations.loadFailed')}
        </PageMessage>
      )}
      {recommendations.state === 'loaded' && recommendations.value.length > 0 && (
        <form className="list-filters" aria-label={t('recommendations.filters')} onSubmit={(event) => event.preventDefault()}>
          <label className="list-filters__field">
            <span>{t('recommendations.columns.workingGroup')}</span>
            <select className="input input--compact" value={filter.workingGroupId} data-testid="filter-working-group" onChange={(event) => setFilter({ ...filter, workingGroupId: event.target.value })}>
              <option value="">{t('recommendations.allWorkingGroups')}</option>
              {workingGroups.state === 'loaded' && workingGroups.value.map((group) => <option key={group.id} value={group.id}>{group.name}</option>)}
            </select>
          </label>
          <label className="list-filters__field">
            <span>{t('recommendations.columns.theme')}</span>
            <select className="input input--compact" value={filter.theme} data-testid="filter-theme" onChange={(event) => setFilter({ ...filter, theme: event.target.value })}>
              <option value="">{t('recommendations.allThemes')}</option>
              {THEMES.map((theme) => <option key={theme} value={theme}>{t(THEME_LABELS[theme])}</option>)}
            </select>
          </label>
          <label className="list-filters__field">
            <span>{t('recommendations.columns.status')}</span>
            <select className="input input--compact" value={filter.status} data-testid="filter-status" onChange={(event) => setFilter({ ...filter, status: event.target.value })}>
              <option value="">{t('recommendations.allStatuses')}</option>
              {RECOMMENDATION_STATUSES.map((status) => <option key={status} value={status}>{t(STATUS_LABELS[status])}</option>)}
            </select>
          </label>
        </form>
      )}
      {recommendations.state === 'loaded' &&
        (recommendations.value.length === 0 ? (
          <PageMessage tone="progress">{t('recommendations.empty')}</PageMessage>
        ) : shown.length === 0 ? (
          <PageMessage tone="progress">{t('recommendations.noMatch')}</PageMessage>
        ) : (
          <RecommendationTable recommendations={byLastEdit(shown)} />
        ))}
    </div>
  );
}

function RecommendationTable({ recommendations }: { recommendations: RecommendationSummary[] }) {
  const { t } = useTranslation();
  const columns = {
    title: t('recommendations.columns.title'),
    theme: t('recommendations.columns.theme'),
    status: t('recommendations.columns.status'),
    workingGroup: t('recommendations.columns.workingGroup'),
    lastEdited: t('recommendations.columns.lastEdited'),
    discussion: t('recommendations.columns.discussion'),
  };
  return (
    <div className="recommendation-table__frame">
      <table className="recommendation-table" data-testid="recommendation-list">
        <caption className="visually-hidden">{t('recommendations.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{columns.title}</th>
            <th scope="col">{columns.theme}</th>
            <th scope="col">{columns.status}</th>
            <th scope="col">{columns.workingGroup}</th>
            <th scope="col">{columns.lastEdited}</th>
            <th scope="col">{columns.discussion}</th>
          </tr>
        </thead>
        <tbody>
          {recommendations.map((recommendation) => (
            <tr key={recommendation.id} data-testid="recommendation-row" data-recommendation-id={recommendation.id}>
              <th scope="row" data-label={columns.title}>
                {/* The link's box covers the row (see CSS), so the whole row is one click target. */}
                <a className="recommendation-table__link" href={hrefFor({ page: 'editor', recommendationId: recommendation.id })} lang={recommendation.language}>
                  {recommendation.title}
                </a>
                <span className="recommendation-table__level">{t(LEVEL_LABELS[recommendation.level])}</span>
                {!recommendation.access.canEdit && <span className="recommendation-table__read-only">{t('recommendations.readOnly')}</span>}
              </th>
              <td data-label={columns.theme}>{t(THEME_LABELS[recommendation.theme])}</td>
              <td data-label={columns.status}>
                <StatusBadge status={recommendation.status} />
              </td>
              <td data-label={columns.workingGroup}>
                <span className="recommendation-table__group">{recommendation.workingGroup.name}</span>
                <span className="recommendation-table__group-kind">{t(WORKING_GROUP_KIND_LABELS[recommendation.workingGroup.kind])}</span>
              </td>
              <td data-label={columns.lastEdited} className="recommendation-table__time">
                {recommendation.lastEditedAt ? <RelativeTimeLabel iso={recommendation.lastEditedAt} /> : t('recommendations.neverEdited')}
              </td>
              <td data-label={columns.discussion} className="recommendation-table__threads" data-testid="open-thread-count" data-count={recommendation.openThreadCount}>
                {/* The count in words ("2 open threads"), so it reads the same in a screen reader's table navigation. */}
                {recommendation.openThreadCount > 0 ? (
                  <span className="thread-count-badge">{t('recommendations.openThreads', { count: recommendation.openThreadCount })}</span>
                ) : (
                  t('recommendations.noOpenThreads')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function byLastEdit(recommendations: RecommendationSummary[]): RecommendationSummary[] {
  const editedAt = (r: RecommendationSummary): string => r.lastEditedAt ?? r.createdAt;
  return [...recommendations].sort((a, b) => Date.parse(editedAt(b)) - Date.parse(editedAt(a)));
}
