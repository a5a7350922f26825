import { ABSTENTION_RULES, BALLOT_LIMITS, type AbstentionRule, type BallotSummaryView, MAJORITY_RULES, type MajorityRule, type RecommendationSummary } from '@accord/contracts';
import { ABSTENTION_OPTION_LABELS, CHOICE_LABELS, MAJORITY_OPTION_LABELS, PROPOSAL_LABELS, STATUS_LABELS } from './ballot-labels';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { fetchBallots, openBallot } from '../../api/ballots-api';
import { fetchRecommendations } from '../../api/recommendations-api';
import { useApiResource } from '../../api/use-api-resource';
import { hrefFor, navigate } from '../../app/router';
import { useSession } from '../../app/session-context';
import { PageMessage } from '../../components/page-message';
import { usePageTitle } from '../../components/use-page-title';
import { formatDeadline, toLocalInputValue } from './ballot-format';
import './ballots.css';

const VOTABLE = ['draft', 'in_review', 'rejected'];

/** "My ballots" for delegates, every ballot of the network, and (for coordinators) opening one. */
export function BallotsPage({ recommendationId }: { recommendationId?: string }) {
  const { t, i18n } = useTranslation();
  const { member } = useSession();
  usePageTitle(t('ballots.pageTitle'));
  const [ballots, reload] = useApiResource(fetchBallots, 'ballots', true);
  const isCoordinator = member?.roles.includes('coordinator') ?? false;
  const votes = member?.roles.some((role) => role === 'delegate' || role === 'substitute') ?? false;

  return (
    <div className="page ballots-page" data-testid="ballots-page">
      <h1 className="page__title">{t('ballots.pageTitle')}</h1>
      <p className="page__intro">{t('ballots.intro')}</p>
      {isCoordinator && (
        <p>
          <a href={hrefFor({ page: 'participation' })} data-testid="participation-link">{t('ballots.participation.link')}</a>
        </p>
      )}
      {ballots.state === 'loading' && <PageMessage tone="progress">{t('editor.loading')}</PageMessage>}
      {ballots.state === 'failed' && <PageMessage tone="problem" action={{ label: t('recommendations.retry'), onClick: reload }}>{ballots.error instanceof ApiError ? ballots.error.message : String(ballots.error)}</PageMessage>}
      {ballots.state === 'loaded' && (
        <>
          {votes && <MyBallots ballots={ballots.value.filter((ballot) => ballot.status === 'open')} language={i18n.language} />}
          <section className="ballots-section" aria-labelledby="all-ballots-heading">
            <h2 id="all-ballots-heading">{t('ballots.allBallots')}</h2>
            {ballots.value.length === 0 ? (
              <p>{t('ballots.noBallots')}</p>
            ) : (
              <ul className="ballot-list" data-testid="ballot-list">
                {ballots.value.map((ballot) => (
                  <BallotItem key={ballot.id} ballot={ballot} language={i18n.language} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
      {isCoordinator && <OpenBallotForm recommendationId={recommendationId} />}
    </div>
  );
}

function MyBallots({ ballots, language }: { ballots: BallotSummaryView[]; language: string }) {
  const { t } = useTranslation();
  return (
    <section className="ballots-section" aria-labelledby="my-ballots-heading" data-testid="my-ballots">
      <h2 id="my-ballots-heading">{t('ballots.myBallots')}</h2>
      <p>{t('ballots.myBallotsIntro')}</p>
      {ballots.length === 0 ? (
        <p>{t('ballots.noOpenBallots')}</p>
      ) : (
        <ul className="ballot-list">
          {ballots.map((ballot) => (
            <BallotItem key={ballot.id} ballot={ballot} language={language} mine />
          ))}
        </ul>
      )}
    </section>
  );
}

function BallotItem({ ballot, language, mine = false }: { ballot: BallotSummaryView; language: string; mine?: boolean }) {
  const { t } = useTranslation();
  const partner = ballot.myPartner;
  return (
    <li className="ballot-item" data-testid={mine ? 'my-ballot' : 'ballot-item'} data-ballot-id={ballot.id}>
      <a className="ballot-item__title" href={hrefFor({ page: 'ballot', ballotId: ballot.id })}>{ballot.title}</a>
      <span className={`ballot-badge ballot-badge--${ballot.status}`}>{t(STATUS_LABELS[ballot.status])}</span>
      {ballot.accepted !== null && <span className={`ballot-badge ballot-badge--${ballot.accepted ? 'accepted' : 'rejected'}`}>{t(ballot.accepted ? 'ballots.outcome.accepted' : 'ballots.outcome.rejected')}</span>}
      <div className="ballot-item__meta">
        <span>{t(PROPOSAL_LABELS[ballot.proposal])}</span>
        <span>
          {t('ballots.deadline')}: <time dateTime={ballot.deadline}>{formatDeadline(ballot.deadline, language)}</time>
        </span>
        <span>{t('ballots.votedCount', { voted: ballot.voted, eligible: ballot.eligible })}</span>
        {mine && partner && (
          <span data-testid="my-partner-vote">{partner.choice ? t('ballots.partnerVoted', { choice: t(CHOICE_LABELS[partner.choice]) }) : t('ballots.partnerNotVoted')}</span>
        )}
        {mine && partner?.changedSinceVote && <span className="ballot-badge ballot-badge--changed" data-testid="changed-since-vote">{t('ballots.changedSinceVote')}</span>}
      </div>
    </li>
  );
}

function OpenBallotForm({ recommendationId }: { recommendationId?: string }) {
  const { t } = useTranslation();
  const ids = { proposal: useId(), recommendation: useId(), title: useId(), motion: useId(), quorum: useId(), majority: useId(), abstentions: useId(), deadline: useId() };
  const [recommendations] = useApiResource(fetchRecommendations, 'recommendations');
  const [proposal, setProposal] = useState<'adopt-recommendation' | 'motion'>(recommendationId ? 'adopt-recommendation' : 'motion');
  const [chosen, setChosen] = useState(recommendationId ?? '');
  const [title, setTitle] = useState('');
  const [motionText, setMotionText] = useState('');
  const [quorum, setQuorum] = useState('50');
  const [majority, setMajority] = useState<MajorityRule>('simple');
  const [abstentions, setAbstentions] = useState<AbstentionRule>('counted');
  const [deadline, setDeadline] = useState(toLocalInputValue(new Date(Date.now() + 7 * 24 * 60 * 60 * 1000)));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const votable: RecommendationSummary[] = recommendations.state === 'loaded' ? recommendations.value.filter((recommendation) => VOTABLE.includes(recommendation.status)) : [];

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const chosenTitle = votable.find((recommendation) => recommendation.id === chosen)?.title ?? '';
      const opened = await openBallot({
        proposal,
        title: title.trim() || chosenTitle,
        recommendationId: proposal === 'adopt-recommendation' ? chosen : undefined,
        motionText: proposal === 'motion' ? motionText : undefined,
        quorumPercent: Number(quorum),
        majority,
        abstentions,
        deadline: new Date(deadline).toISOString(),
      });
      navigate({ page: 'ballot', ballotId: opened.id });
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="ballots-section" aria-labelledby="open-ballot-heading">
      <h2 id="open-ballot-heading">{t('ballots.open.heading')}</h2>
      <form className="ballot-form" onSubmit={(event) => void submit(event)} data-testid="open-ballot-form">
        <label htmlFor={ids.proposal}>{t('ballots.open.proposal')}</label>
        <select id={ids.proposal} value={proposal} onChange={(event) => setProposal(event.target.value as 'adopt-recommendation' | 'motion')}>
          <option value="adopt-recommendation">{t('ballots.proposal.adopt-recommendation')}</option>
          <option value="motion">{t('ballots.proposal.motion')}</option>
        </select>
        {proposal === 'adopt-recommendation' ? (
          <>
            <label htmlFor={ids.recommendation}>{t('ballots.open.recommendation')}</label>
            <select id={ids.recommendation} value={chosen} onChange={(event) => setChosen(event.target.value)} required>
              <option value="">{t('ballots.open.chooseRecommendation')}</option>
              {votable.map((recommendation) => (
                <option key={recommendation.id} value={recommendation.id}>{recommendation.title}</option>
              ))}
            </select>
            <p className="ballot-form__note">{t('ballots.open.freezeNote')}</p>
          </>
        ) : (
          <>
            <label htmlFor={ids.motion}>{t('ballots.open.motionText')}</label>
            <textarea id={ids.motion} value={motionText} onChange={(event) => setMotionText(event.target.value)} maxLength={BALLOT_LIMITS.motionText} required rows={4} />
          </>
        )}
        <label htmlFor={ids.title}>{t('ballots.open.title')}</label>
        <input id={ids.title} value={title} onChange={(event) => setTitle(event.target.value)} maxLength={BALLOT_LIMITS.title} required={proposal === 'motion'} />
        <label htmlFor={ids.quorum}>{t('ballots.open.quorum')}</label>
        <input id={ids.quorum} type="number" min={0} max={100} step={1} value={quorum} onChange={(event) => setQuorum(event.target.value)} required />
        <label htmlFor={ids.majority}>{t('ballots.open.majority')}</label>
        <select id={ids.majority} value={majority} onChange={(event) => setMajority(event.target.value as MajorityRule)}>
          {MAJORITY_RULES.map((rule) => (
            <option key={rule} value={rule}>{t(MAJORITY_OPTION_LABELS[rule])}</option>
          ))}
        </select>
        <label htmlFor={ids.abstentions}>{t('ballots.open.abstentions')}</label>
        <select id={ids.abstentions} value={abstentions} onChange={(event) => setAbstentions(event.target.value as AbstentionRule)}>
          {ABSTENTION_RULES.map((rule) => (
            <option key={rule} value={rule}>{t(ABSTENTION_OPTION_LABELS[rule])}</option>
          ))}
        </select>
        <label htmlFor={ids.deadline}>{t('ballots.open.deadline')}</label>
        <input id={ids.deadline} type="datetime-local" value={deadline} onChange={(event) => setDeadline(event.target.value)} required />
        {problem && <p className="form-problem" role="alert">{problem}</p>}
        <button type="submit" className="button button--primary" disabled={busy}>{t('ballots.open.submit')}</button>
      </form>
    </section>
  );
}
