import { decideBallot, quorumMet, type BallotRule, type BallotTally } from '@accord/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AmendmentsService } from '../amendments/amendments.service';
import type { RecordedVote } from '../ballots/ballot-result-hash';
import { DecisionRecordSource, type AmendmentRecord, type BallotRecord } from './decision-record';

interface ClosedBallotRow {
  id: string;
  proposal: string;
  title: string;
  openedAt: Date;
  votedVersion: number | null;
  outcomeStatement: string | null;
  rule: BallotRule;
  votes: RecordedVote[];
  tally: BallotTally;
  accepted: boolean;
  resultHash: string;
  closedAt: Date;
}

const MAJORITY_WORDS: Record<BallotRule['majority'], string> = { simple: 'simple majority', 'two-thirds': 'two-thirds majority', unanimity: 'unanimity' };

/**
 * The decision record from the ballots module's tables: every closed ballot on a recommendation
 * (adopting it, or accepting an amendment to it) with its sealed result (ballot_result: rule,
 * votes with who cast them, tally, result hash). The adopting ballot is the latest accepted
 * "adopt-recommendation" ballot. Amendments come from the amendments module, each with its diff
 * against the text it forked and its outcome (open, under vote, adopted, rejected by its ballot,
 * withdrawn, declined).
 */
@Injectable()
export class BallotDecisionRecords extends DecisionRecordSource {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly amendmentRecords: AmendmentsService,
  ) {
    super();
  }

  async adoptingBallot(recommendationId: string): Promise<BallotRecord | null> {
    const rows = await this.closed(recommendationId, `AND b.proposal = 'adopt-recommendation' AND r.accepted`);
    const latest = rows[rows.length - 1];
    return latest ? toRecord(latest) : null;
  }

  async ballots(recommendationId: string): Promise<BallotRecord[]> {
    return (await this.closed(recommendationId, '')).map(toRecord);
  }

  async amendments(recommendationId: string): Promise<AmendmentRecord[]> {
    const rows: { networkId: string }[] = await this.dataSource.query(`SELECT network_id AS "networkId" FROM recommendation WHERE id = $1`, [recommendationId]);
    if (!rows[0]) return [];
    const amendments = await this.amendmentRecords.decisionRecord(rows[0].networkId, recommendationId);
    const outvoted = await this.rejectedBallots(amendments.flatMap((amendment) => (amendment.ballotId ? [amendment.ballotId] : [])));
    return amendments.map((amendment) => ({ id: amendment.id, title: amendment.title, outcome: outcomeOf(amendment, outvoted), diff: amendment.diff, ballotId: amendment.ballotId }));
  }

  /** Which of these ballots closed with the proposal not accepted. */
  private async rejectedBallots(ballotIds: string[]): Promise<Set<string>> {
    if (ballotIds.length === 0) return new Set();
    const rows: { ballotId: string }[] = await this.dataSource.query(`SELECT ballot_id AS "ballotId" FROM ballot_result WHERE ballot_id = ANY($1::uuid[]) AND NOT accepted`, [ballotIds]);
    return new Set(rows.map((row) => row.ballotId));
  }

  /** The version an adopting ballot voted on, when it recorded one: edition 1 publishes exactly that text. */
  async adoptedVersion(ballotId: string): Promise<number | null> {
    const rows: { votedVersion: number | null }[] = await this.dataSource.query(`SELECT voted_version AS "votedVersion" FROM ballot WHERE id = $1`, [ballotId]);
    return rows[0]?.votedVersion ?? null;
  }

  private closed(recommendationId: string, filter: string): Promise<ClosedBallotRow[]> {
    return this.dataSource.query(
      `SELECT b.id, b.proposal, b.title, b.opened_at AS "openedAt", b.voted_version AS "votedVersion", b.outcome_statement AS "outcomeStatement",
              r.rule, r.votes, r.tally, r.accepted, r.result_hash AS "resultHash", r.closed_at AS "closedAt"
         FROM ballot b JOIN ballot_result r ON r.ballot_id = b.id
        WHERE b.document_id = $1 AND b.status = 'closed' ${filter}
        ORDER BY r.closed_at, b.id`,
      [recommendationId],
    );
  }
}

/**
 * A failed ballot gives the amendment back to its authors (status "open", the ballot kept on it),
 * but for the record of a published decision the partners rejected it, unless it was put to the
 * vote again since.
 */
function outcomeOf(amendment: { status: string; ballotId: string | null }, rejectedBallots: ReadonlySet<string>): string {
  return amendment.status === 'open' && amendment.ballotId && rejectedBallots.has(amendment.ballotId) ? 'rejected' : amendment.status;
}

function toRecord(row: ClosedBallotRow): BallotRecord {
  const decision = decideBallot(row.rule, row.tally);
  return {
    id: row.id,
    question: row.title,
    rule: {
      majority: row.rule.majority,
      quorum: row.rule.quorumPercent,
      description: `${MAJORITY_WORDS[row.rule.majority]}, quorum ${row.rule.quorumPercent}% of ${row.tally.eligible} partners (${decision.quorumRequired} needed), abstentions ${row.rule.abstentions === 'counted' ? 'counted' : 'not counted'} in the majority`,
    },
    result: row.accepted ? 'adopted' : 'rejected',
    resultHash: row.resultHash,
    tallies: { for: row.tally.for, against: row.tally.against, abstain: row.tally.abstain },
    quorumReached: quorumMet(row.rule, row.tally),
    votes: row.votes.map((vote) => ({ partnerId: vote.partnerId, partnerName: vote.partnerName, choice: vote.choice, castBy: `${vote.castByName} (${vote.castAs})`, castAt: new Date(vote.castAt).toISOString() })),
    openedAt: new Date(row.openedAt).toISOString(),
    closedAt: new Date(row.closedAt).toISOString(),
    outcomeStatement: row.outcomeStatement,
  };
}
