import { BALLOT_CHOICES, BALLOT_LIMITS, type BallotChoice, type BallotVerificationView, type BallotView } from '@accord/contracts';
import { ABSTENTION_RULE_TEXT, CAST_AS_LABELS, CHOICE_LABELS, MAJORITY_RULE_TEXT, PROPOSAL_LABELS, STATUS_LABELS } from './ballot-labels';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { castVote, closeBallot, extendBallot, fetchBallot, verifyBallot, writeOutcome } from '../../api/ballots-api';
import { useApiResource } from '../../api/use-api-resource';
import { hrefFor } from '../../app/router';
import { useSession } from '../../app/session-context';
import { CountryFlag } from '../../components/country-flag';
import { PageMessage } from '../../components/page-message';
import { usePageTitle } from '../../components/use-page-title';
import { BallotChart } from './ballot-chart';
import { formatDeadline, shortHash, toLocalInputValue } from './ballot-format';
import './ballots.css';

/** One ballot: what is voted on, the rule in words and formulas, the partner's vote, who voted, the result. */
export function BallotPage({ ballotId }: { ballotId: string }) {
  const { t } = useTranslation();
  const [loaded, reload] = useApiResource((signal) => fetchBallot(ballotId, signal), `ballot:${ballotId}`, true);
  const [changed, setChanged] = useState<BallotView | null>(null);
  const ballot = changed ?? (loaded.state === 'loaded' ? loaded.value : null);
  usePageTitle(ballot?.title ?? t('ballots.pageTitle'));
  if (!ballot) {
    return (
      <div className="page page--narrow">
        {loaded.state === 'failed' ? (
          <PageMessage tone="problem" action={{ label: t('recommendations.retry'), onClick: reload }}>
            {loaded.error instanceof ApiError && loaded.error.status === 404 ? t('ballots.notFound') : loaded.error instanceof ApiError ? loaded.error.message : String(loaded.error)}
          </PageMessage>
        ) : (
          <PageMessage tone="progress">{t('editor.loading')}</PageMessage>
        )}
      </div>
    );
  }
  return <BallotDetail ballot={ballot} onChanged={setChanged} />;
}

function BallotDetail({ ballot, onChanged }: { ballot: BallotView; onChanged: (ballot: BallotView) => void }) {
  const { t, i18n } = useTranslation();
  const { member } = useSession();
  const isCoordinator = member?.roles.includes('coordinator') ?? false;
  return (
    <div className="page ballot-page" data-testid="ballot-page" data-status={ballot.status}>
      <p><a className="back-link" href={hrefFor({ page: 'ballots' })}>{t('ballots.pageTitle')}</a></p>
      <h1 className="page__title">{ballot.title}</h1>
      <p className="ballot-page__badges">
        <span className={`ballot-badge ballot-badge--${ballot.status}`} data-testid="ballot-status">{t(STATUS_LABELS[ballot.status])}</span>
        {ballot.accepted !== null && (
          <span className={`ballot-badge ballot-badge--${ballot.accepted ? 'accepted' : 'rejected'}`} data-testid="ballot-outcome">{t(ballot.accepted ? 'ballots.outcome.accepted' : 'ballots.outcome.rejected')}</span>
        )}
        <span>{t(PROPOSAL_LABELS[ballot.proposal])}</span>
      </p>
      <dl className="meta">
        <div className="meta__item">
          <dt>{t('ballots.opened')}</dt>
          <dd><time dateTime={ballot.openedAt}>{formatDeadline(ballot.openedAt, i18n.language)}</time>{ballot.openedBy && ` · ${ballot.openedBy.displayName}`}</dd>
        </div>
        <div className="meta__item">
          <dt>{t('ballots.deadline')}</dt>
          <dd><time dateTime={ballot.deadline} data-testid="ballot-deadline">{formatDeadline(ballot.deadline, i18n.language)}</time></dd>
        </div>
        <div className="meta__item">
          <dt>{t('ballots.votedText')}</dt>
          <dd className="ballot-page__hash">
            {ballot.votedVersion !== null ? t('ballots.votedVersion', { number: ballot.votedVersion, hash: shortHash(ballot.votedChainHash) }) : t('ballots.motionHash', { hash: shortHash(ballot.votedChainHash) })}
          </dd>
        </div>
      </dl>
      {ballot.recommendation && (
        <p><a href={hrefFor({ page: 'editor', recommendationId: ballot.recommendation.id })}>{t('ballots.openRecommendation')}: {ballot.recommendation.title}</a></p>
      )}
      {ballot.motionText && <blockquote className="ballot-page__motion" data-testid="motion-text">{ballot.motionText}</blockquote>}
      <RuleStatement ballot={ballot} />
      {ballot.myPartner && <VoteForm ballot={ballot} onChanged={onChanged} />}
      {ballot.result && <ResultSection ballot={ballot} />}
      <PartnerTable ballot={ballot} />
      {ballot.extensions.length > 0 && (
        <section className="ballots-section" aria-labelledby="extensions-heading">
          <h2 id="extensions-heading">{t('ballots.manage.extensions')}</h2>
          <ul>
            {ballot.extensions.map((extension) => (
              <li key={extension.extendedAt}>{t('ballots.manage.extension', { from: formatDeadline(extension.previousDeadline, i18n.language), to: formatDeadline(extension.deadline, i18n.language), reason: extension.reason })}</li>
            ))}
          </ul>
        </section>
      )}
      {isCoordinator && <CoordinatorPanel ballot={ballot} onChanged={onChanged} />}
    </div>
  );
}

/** The rule in words, with the exact comparison each part uses. */
function RuleStatement({ ballot }: { ballot: BallotView }) {
  const { t } = useTranslation();
  const required = Math.ceil((ballot.rule.quorumPercent * ballot.eligible) / 100);
  return (
    <section className="ballots-section ballot-rule" aria-labelledby="rule-heading" data-testid="ballot-rule">
      <h2 id="rule-heading">{t('ballots.rule.heading')}</h2>
      <ul>
        <li>{t('ballots.rule.quorum', { percent: ballot.rule.quorumPercent, eligible: ballot.eligible, required })}</li>
        <li>{t(MAJORITY_RULE_TEXT[ballot.rule.majority])}</li>
        <li>{t(ABSTENTION_RULE_TEXT[ballot.rule.abstentions])}</li>
        <li>{t('ballots.rule.accepted')}</li>
      </ul>
    </section>
  );
}

function VoteForm({ ballot, onChanged }: { ballot: BallotView; onChanged: (ballot: BallotView) => void }) {
  const { t } = useTranslation();
  const { member } = useSession();
  const mine = ballot.myPartner!;
  const [choice, setChoice] = useState<BallotChoice | null>(mine.choice);
  const [message, setMessage] = useState<{ kind: 'done' | 'problem'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const name = useId();
  const partnerName = member?.partner.name ?? '';

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!choice || busy) return;
    setBusy(true);
    try {
      const updated = await castVote(ballot.id, choice);
      onChanged(updated);
      setMessage({ kind: 'done', text: t('ballots.vote.cast', { choice: t(CHOICE_LABELS[choice]) }) });
    } catch (error) {
      setMessage({ kind: 'problem', text: error instanceof ApiError ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="ballots-section" aria-labelledby="vote-heading" data-testid="vote-section">
      <h2 id="vote-heading">{t('ballots.vote.heading')}</h2>
      {mine.changedSinceVote && (
        <p className="session-notice" role="status" data-testid="changed-since-vote">
          <strong>{t('ballots.changedSinceVote')}</strong> {t('ballots.changedSinceVoteHint')}
        </p>
      )}
      <p data-testid="my-partner-vote">
        {mine.choice ? t('ballots.partnerVoted', { choice: t(CHOICE_LABELS[mine.choice]) }) : t('ballots.partnerNotVoted')}
        {mine.castBy && ` · ${t('ballots.vote.castBy', { name: mine.castBy.displayName, role: t(CAST_AS_LABELS[ballot.partners.find((partner) => partner.partnerId === mine.partnerId)?.castAs ?? 'delegate']) })}`}
      </p>
      {mine.mayCast ? (
        <form onSubmit={(event) => void submit(event)} className="vote-form">
          <fieldset>
            <legend>{t('ballots.vote.legend', { partner: partnerName })}</legend>
            <div className="vote-form__options">
              {BALLOT_CHOICES.map((option) => (
                <label key={option} className={`vote-option vote-option--${option}`}>
                  <input type="radio" name={name} value={option} checked={choice === option} onChange={() => setChoice(option)} data-testid={`vote-${option}`} />
                  {t(CHOICE_LABELS[option])}
                </label>
              ))}
            </div>
          </fieldset>
          <button type="submit" className="button button--primary" disabled={!choice || busy} data-testid="cast-vote">
            {mine.choice ? t('ballots.vote.change') : t('ballots.vote.submit')}
          </button>
        </form>
      ) : (
        mine.reason && <p data-testid="vote-refused">{mine.reason}</p>
      )}
      <p role="status" className={message?.kind === 'problem' ? 'form-problem' : undefined} data-testid="vote-message">{message?.text ?? ''}</p>
    </section>
  );
}

function PartnerTable({ ballot }: { ballot: BallotView }) {
  const { t } = useTranslation();
  return (
    <section className="ballots-section" aria-labelledby="partners-heading">
      <h2 id="partners-heading">{t('ballots.partners.heading')}</h2>
      <p>{t('ballots.votedCount', { voted: ballot.voted, eligible: ballot.eligible })}</p>
      <div className="table-scroll">
        <table className="ballot-table" data-testid="partner-votes">
          <caption className="visually-hidden">{t('ballots.partners.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ballots.partners.partner')}</th>
              <th scope="col">{t('ballots.partners.voted')}</th>
              <th scope="col">{t('ballots.partners.castBy')}</th>
              <th scope="col">{t('ballots.partners.choice')}</th>
            </tr>
          </thead>
          <tbody>
            {ballot.partners.map((partner) => (
              <tr key={partner.partnerId} data-testid="partner-vote" data-voted={partner.voted ? 'true' : 'false'}>
                <th scope="row"><CountryFlag country={partner.country} /> {partner.partnerName}</th>
                <td>{partner.voted ? t('ballots.partners.yes') : t('ballots.partners.no')}</td>
                <td>{partner.castBy ? `${partner.castBy.displayName} (${t(CAST_AS_LABELS[partner.castAs ?? 'delegate'])})` : '—'}</td>
                <td>{partner.choice ? t(CHOICE_LABELS[partner.choice]) : partner.voted ? t('ballots.partners.hidden') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ResultSection({ ballot }: { ballot: BallotView }) {
  const { t } = useTranslation();
  const result = ballot.result!;
  const [verification, setVerification] = useState<BallotVerificationView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const verify = async (): Promise<void> => {
    try {
      setVerification(await verifyBallot(ballot.id));
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    }
  };
  return (
    <section className="ballots-section" aria-labelledby="result-heading" data-testid="ballot-result">
      <h2 id="result-heading">{t('ballots.result.heading')}</h2>
      <BallotChart tally={result.tally} decision={result.decision} />
      <table className="ballot-table" data-testid="result-table">
        <caption className="visually-hidden">{t('ballots.result.heading')}</caption>
        <tbody>
          {BALLOT_CHOICES.map((choice) => (
            <tr key={choice}>
              <th scope="row">{t(CHOICE_LABELS[choice])}</th>
              <td>{result.tally[choice]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul>
        <li>{t(result.decision.quorumMet ? 'ballots.result.quorumMet' : 'ballots.result.quorumNotMet')} ({t('ballots.result.quorumLine', { required: result.decision.quorumRequired })})</li>
        <li>{t(result.decision.majorityMet ? 'ballots.result.majorityMet' : 'ballots.result.majorityNotMet')} ({t('ballots.result.majorityLine', { required: result.decision.forRequired })})</li>
        <li>{result.closedBy ? t('ballots.result.closedBy', { name: result.closedBy.displayName }) : t('ballots.result.closedAutomatically')}</li>
        <li className="ballot-page__hash">{t('ballots.result.hash', { hash: shortHash(result.resultHash) })}</li>
      </ul>
      <h3>{t('ballots.result.statementHeading')}</h3>
      <p data-testid="outcome-statement">{ballot.outcomeStatement ?? t('ballots.result.noStatement')}</p>
      <button type="button" className="button" onClick={() => void verify()} data-testid="verify-result">{t('ballots.result.verify')}</button>
      <p role="status" data-testid="verification">
        {verification ? (verification.intact ? t('ballots.result.intact') : t('ballots.result.broken', { reason: verification.reason ?? '' })) : problem ?? ''}
      </p>
    </section>
  );
}

function CoordinatorPanel({ ballot, onChanged }: { ballot: BallotView; onChanged: (ballot: BallotView) => void }) {
  const { t } = useTranslation();
  const ids = { deadline: useId(), reason: useId(), statement: useId() };
  const [deadline, setDeadline] = useState(toLocalInputValue(new Date(new Date(ballot.deadline).getTime() + 24 * 60 * 60 * 1000)));
  const [reason, setReason] = useState('');
  const [statement, setStatement] = useState(ballot.outcomeStatement ?? '');
  const [message, setMessage] = useState<string | null>(null);
  const run = async (action: () => Promise<BallotView>): Promise<void> => {
    try {
      onChanged(await action());
      setMessage(null);
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : String(error));
    }
  };
  return (
    <section className="ballots-section" aria-labelledby="manage-heading" data-testid="coordinator-panel">
      <h2 id="manage-heading">{t('ballots.manage.heading')}</h2>
      {ballot.status === 'open' ? (
        <>
          <p>{t('ballots.manage.closeEarlyHint')}</p>
          <button type="button" className="button" disabled={!ballot.mayCloseEarly} onClick={() => void run(() => closeBallot(ballot.id))} data-testid="close-ballot">
            {t('ballots.manage.closeEarly')}
          </button>
          <form className="ballot-form" onSubmit={(event) => { event.preventDefault(); void run(() => extendBallot(ballot.id, new Date(deadline).toISOString(), reason)); }}>
            <h3>{t('ballots.manage.extendHeading')}</h3>
            <label htmlFor={ids.deadline}>{t('ballots.manage.newDeadline')}</label>
            <input id={ids.deadline} type="datetime-local" value={deadline} onChange={(event) => setDeadline(event.target.value)} required />
            <label htmlFor={ids.reason}>{t('ballots.manage.reason')}</label>
            <input id={ids.reason} value={reason} onChange={(event) => setReason(event.target.value)} maxLength={BALLOT_LIMITS.reason} required />
            <button type="submit" className="button">{t('ballots.manage.extend')}</button>
          </form>
        </>
      ) : (
        <form className="ballot-form" onSubmit={(event) => { event.preventDefault(); void run(() => writeOutcome(ballot.id, statement)); }}>
          <label htmlFor={ids.statement}>{t('ballots.manage.statement')}</label>
          <textarea id={ids.statement} value={statement} onChange={(event) => setStatement(event.target.value)} maxLength={BALLOT_LIMITS.outcomeStatement} rows={3} required />
          <button type="submit" className="button">{t('ballots.manage.saveStatement')}</button>
        </form>
      )}
      <p role="alert" className="form-problem">{message ?? ''}</p>
    </section>
  );
}
