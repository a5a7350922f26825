import type { RecommendationStatus } from '@accord/contracts';
import { useTranslation } from 'react-i18next';
import { hrefFor } from '../../app/router';
import { useSession } from '../../app/session-context';

const VOTABLE: readonly RecommendationStatus[] = ['draft', 'in_review', 'rejected'];

/** For coordinators, on a recommendation that may be voted on: opens the ballot form with it chosen. */
export function PutToVoteLink({ recommendationId, status }: { recommendationId: string; status: RecommendationStatus }) {
  const { t } = useTranslation();
  const { member } = useSession();
  if (!member?.roles.includes('coordinator') || !VOTABLE.includes(status)) return null;
  return (
    <p className="put-to-vote">
      <a className="button" href={hrefFor({ page: 'ballots', recommendationId })} data-testid="put-to-vote">{t('ballots.open.putToVote')}</a>
    </p>
  );
}
