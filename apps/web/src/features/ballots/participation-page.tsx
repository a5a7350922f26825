import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { fetchParticipation } from '../../api/ballots-api';
import { useApiResource } from '../../api/use-api-resource';
import { hrefFor } from '../../app/router';
import { useSession } from '../../app/session-context';
import { CountryFlag } from '../../components/country-flag';
import { PageMessage } from '../../components/page-message';
import { usePageTitle } from '../../components/use-page-title';
import './ballots.css';

/** For coordinators: per partner, the ballots it voted in, and the comments and amendments it made. */
export function ParticipationPage() {
  const { t } = useTranslation();
  const { member } = useSession();
  usePageTitle(t('ballots.participation.title'));
  const isCoordinator = member?.roles.includes('coordinator') ?? false;
  const [rows, reload] = useApiResource((signal) => (isCoordinator ? fetchParticipation(signal) : Promise.resolve([])), 'participation');
  if (!isCoordinator) {
    return (
      <div className="page page--narrow">
        <PageMessage tone="problem">{t('ballots.participation.coordinatorsOnly')}</PageMessage>
      </div>
    );
  }
  return (
    <div className="page" data-testid="participation-page">
      <p><a className="back-link" href={hrefFor({ page: 'ballots' })}>{t('ballots.pageTitle')}</a></p>
      <h1 className="page__title">{t('ballots.participation.title')}</h1>
      <p className="page__intro">{t('ballots.participation.intro')}</p>
      {rows.state === 'loading' && <PageMessage tone="progress">{t('editor.loading')}</PageMessage>}
      {rows.state === 'failed' && <PageMessage tone="problem" action={{ label: t('recommendations.retry'), onClick: reload }}>{rows.error instanceof ApiError ? rows.error.message : String(rows.error)}</PageMessage>}
      {rows.state === 'loaded' && (
        <div className="table-scroll">
          <table className="ballot-table" data-testid="participation-table">
            <caption className="visually-hidden">{t('ballots.participation.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ballots.participation.partner')}</th>
                <th scope="col">{t('ballots.participation.ballots')}</th>
                <th scope="col">{t('ballots.participation.comments')}</th>
                <th scope="col">{t('ballots.participation.amendments')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.value.map((row) => (
                <tr key={row.partnerId}>
                  <th scope="row"><CountryFlag country={row.country} /> {row.partnerName}</th>
                  <td>{t('ballots.participation.ballotsOf', { voted: row.ballotsVoted, eligible: row.ballotsEligible })}</td>
                  <td>{row.comments}</td>
                  <td>{row.amendments}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
