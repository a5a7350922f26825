import type { BallotChoice, BallotProposal, BallotRule, BallotStatus, BallotTally, MajorityRule, AbstentionRule } from '@accord/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { RecordedVote, ResultRecord } from './ballot-result-hash';

export interface BallotRow {
  id: string;
  networkId: string;
  proposal: BallotProposal;
  documentId: string | null;
  documentTitle: string | null;
  amendmentId: string | null;
  amendmentDocumentId: string | null;
  title: string;
  motionText: string | null;
  quorumPercent: number;
  majority: MajorityRule;
  abstentions: AbstentionRule;
  eligiblePartnerIds: string[];
  status: BallotStatus;
  openedAt: Date;
  openedBy: string | null;
  openedByName: string | null;
  deadline: Date;
  votedVersion: number | null;
  votedContentHash: string;
  votedChainHash: string;
  closedAt: Date | null;
  closedBy: string | null;
  closedByName: string | null;
  outcomeStatement: string | null;
  votedCount: number;
}

export interface VoteRow {
  partnerId: string;
  choice: BallotChoice;
  castBy: string | null;
  castByName: string;
  castAs: 'delegate' | 'substitute';
  castAt: Date;
  changes: number;
  seenHash: string;
}

export interface PartnerRow {
  id: string;
  name: string;
  country: string;
}

export interface ResultRow {
  rule: BallotRule;
  votes: RecordedVote[];
  tally: BallotTally;
  accepted: boolean;
  votedChainHash: string;
  resultHash: string;
  closedAt: Date;
}

export interface ExtensionRow {
  previousDeadline: Date;
  deadline: Date;
  reason: string;
  extendedBy: string | null;
  extendedByName: string | null;
  extendedAt: Date;
}

export interface NewBallot {
  networkId: string;
  proposal: BallotProposal;
  documentId: string | null;
  amendmentId: string | null;
  amendmentDocumentId: string | null;
  title: string;
  motionText: string | null;
  rule: BallotRule;
  eligiblePartnerIds: string[];
  openedBy: string;
  deadline: Date;
  votedVersion: number | null;
  votedContentHash: string;
  votedChainHash: string;
}

export type CastOutcome = 'cast' | 'closed' | 'delegate-voted';

export interface BallotNotice {
  memberId: string;
  kind: 'ballot-opened' | 'ballot-reminder' | 'ballot-result';
  ballotId: string;
  actorName: string;
}

export interface Recipient {
  id: string;
  email: string;
  language: string | null;
  partnerId: string;
}

const BALLOT_COLUMNS = `b.id, b.network_id AS "networkId", b.proposal, b.document_id AS "documentId", r.title AS "documentTitle",
  b.amendment_id AS "amendmentId", b.amendment_document_id AS "amendmentDocumentId", b.title, b.motion_text AS "motionText",
  b.quorum_percent AS "quorumPercent", b.majority, b.abstentions, b.eligible_partner_ids AS "eligiblePartnerIds", b.status,
  b.opened_at AS "openedAt", b.opened_by AS "openedBy", ob.display_name AS "openedByName", b.deadline, b.voted_version AS "votedVersion",
  b.voted_content_hash AS "votedContentHash", b.voted_chain_hash AS "votedChainHash", b.closed_at AS "closedAt", b.closed_by AS "closedBy",
  cb.display_name AS "closedByName", b.outcome_statement AS "outcomeStatement",
  (SELECT count(*)::int FROM ballot_vote v WHERE v.ballot_id = b.id) AS "votedCount"`;
const BALLOT_FROM = `ballot b LEFT JOIN recommendation r ON r.id = b.document_id
  LEFT JOIN member ob ON ob.id = b.opened_by LEFT JOIN member cb ON cb.id = b.closed_by`;

/** Advisory lock key of the deadline closer: one closer at a time across every instance. */
const CLOSER_LOCK = 'accord.ballot-closer';

/** Storage of ballots, their votes, results and extensions. */
@Injectable()
export class BallotsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The open ballot that freezes this document (a recommendation, or an amendment's text), if any. */
  async frozenUntil(documentId: string): Promise<Date | null> {
    const rows: { deadline: Date }[] = await this.dataSource.query(
      `SELECT deadline FROM ballot WHERE status = 'open' AND ((document_id = $1 AND proposal = 'adopt-recommendation') OR amendment_document_id = $1)
        ORDER BY deadline DESC LIMIT 1`,
      [documentId],
    );
    return rows[0]?.deadline ?? null;
  }

  async partners(networkId: string): Promise<PartnerRow[]> {
    return this.dataSource.query(`SELECT id, name, country FROM partner WHERE network_id = $1 ORDER BY name`, [networkId]);
  }

  /** Inserts the ballot and, for a recommendation, sets its status to voting; null when it is not in a votable status. */
  async insert(manager: EntityManager, ballot: NewBallot): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO ballot (network_id, proposal, document_id, amendment_id, amendment_document_id, title, motion_text, quorum_percent, majority, abstentions,
                           eligible_partner_ids, opened_by, deadline, voted_version, voted_content_hash, voted_chain_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::uuid[], $12, $13, $14, $15, $16) RETURNING id`,
      [
        ballot.networkId,
        ballot.proposal,
        ballot.documentId,
        ballot.amendmentId,
        ballot.amendmentDocumentId,
        ballot.title,
        ballot.motionText,
        ballot.rule.quorumPercent,
        ballot.rule.majority,
        ballot.rule.abstentions,
        ballot.eligiblePartnerIds,
        ballot.openedBy,
        ballot.deadline,
        ballot.votedVersion,
        ballot.votedContentHash,
        ballot.votedChainHash,
      ],
    );
    return id;
  }

  async setRecommendationStatus(manager: EntityManager, documentId: string, from: readonly string[], to: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await manager.query(`UPDATE recommendation SET status = $2, updated_at = now() WHERE id = $1 AND status = ANY($3::text[])`, [documentId, to, from]);
    return affected > 0;
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager, lock = ''): Promise<BallotRow | null> {
    const rows: BallotRow[] = await manager.query(`SELECT ${BALLOT_COLUMNS} FROM ${BALLOT_FROM} WHERE b.id = $1 ${lock ? `FOR ${lock} OF b` : ''}`, [id]);
    return rows[0] ?? null;
  }

  async list(networkId: string, limit: number): Promise<BallotRow[]> {
    return this.dataSource.query(`SELECT ${BALLOT_COLUMNS} FROM ${BALLOT_FROM} WHERE b.network_id = $1 ORDER BY b.status = 'open' DESC, b.opened_at DESC LIMIT $2`, [networkId, limit]);
  }

  async votes(ballotIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, VoteRow[]>> {
    const byBallot = new Map<string, VoteRow[]>();
    if (ballotIds.length === 0) return byBallot;
    const rows: (VoteRow & { ballotId: string })[] = await manager.query(
      `SELECT ballot_id AS "ballotId", partner_id AS "partnerId", choice, cast_by AS "castBy", cast_by_name AS "castByName", cast_as AS "castAs",
              cast_at AS "castAt", changes, seen_hash AS "seenHash"
         FROM ballot_vote WHERE ballot_id = ANY($1::uuid[]) ORDER BY cast_at`,
      [ballotIds],
    );
    for (const row of rows) {
      const { ballotId, ...vote } = row;
      let list = byBallot.get(ballotId);
      if (!list) byBallot.set(ballotId, (list = []));
      list.push(vote);
    }
    return byBallot;
  }

  /**
   * Casts or changes a partner's vote. The ballot row is share-locked, so a close waits for the
   * casts under way and no cast lands after a close; the primary key (ballot_id, partner_id) keeps
   * one counted vote per partner whatever arrives at the same instant, and the upsert's condition
   * keeps a substitute from replacing the delegate's vote, checked on the row as it is at that instant.
   */
  async cast(ballotId: string, vote: { partnerId: string; choice: BallotChoice; castBy: string; castByName: string; castAs: 'delegate' | 'substitute'; seenHash: string }): Promise<CastOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const open: unknown[] = await manager.query(`SELECT 1 FROM ballot WHERE id = $1 AND status = 'open' AND deadline > now() FOR SHARE`, [ballotId]);
      if (open.length === 0) return 'closed';
      const written: unknown[] = await manager.query(
        `INSERT INTO ballot_vote (ballot_id, partner_id, choice, cast_by, cast_by_name, cast_as, seen_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (ballot_id, partner_id) DO UPDATE
           SET choice = EXCLUDED.choice, cast_by = EXCLUDED.cast_by, cast_by_name = EXCLUDED.cast_by_name, cast_as = EXCLUDED.cast_as,
               cast_at = clock_timestamp(), changes = ballot_vote.changes + 1, seen_hash = EXCLUDED.seen_hash
           WHERE EXCLUDED.cast_as = 'delegate' OR ballot_vote.cast_as = 'substitute'
         RETURNING 1`,
        [ballotId, vote.partnerId, vote.choice, vote.castBy, vote.castByName, vote.castAs, vote.seenHash],
      );
      return written.length > 0 ? 'cast' : 'delegate-voted';
    });
  }

  /**
   * Closes a ballot: locks it, and when it is still open writes the result that `decide` makes of
   * its votes, marks it closed and, for a recommendation, sets the recommendation's status.
   * Returns null when it was already closed (another closer got there first).
   */
  async close(
    ballotId: string,
    closedBy: string | null,
    decide: (ballot: BallotRow, votes: VoteRow[], closedAt: Date, partnerNames: ReadonlyMap<string, string>) => ResultRecord & { resultHash: string },
    guard: (ballot: BallotRow, votes: VoteRow[]) => void,
  ): Promise<{ ballot: BallotRow; result: ResultRecord & { resultHash: string } } | null> {
    return this.dataSource.transaction(async (manager) => {
      const ballot = await this.find(ballotId, manager, 'UPDATE');
      if (!ballot || ballot.status !== 'open') return null;
      const votes = (await this.votes([ballotId], manager)).get(ballotId) ?? [];
      guard(ballot, votes);
      const [{ now }]: { now: Date }[] = await manager.query(`SELECT date_trunc('milliseconds', clock_timestamp()) AS now`);
      const names: { id: string; name: string }[] = await manager.query(`SELECT id, name FROM partner WHERE id = ANY($1::uuid[])`, [ballot.eligiblePartnerIds]);
      const result = decide(ballot, votes, now, new Map(names.map((row) => [row.id, row.name])));
      await manager.query(
        `INSERT INTO ballot_result (ballot_id, rule, votes, tally, accepted, voted_chain_hash, result_hash, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [ballotId, JSON.stringify(result.rule), JSON.stringify(result.votes), JSON.stringify(result.tally), result.accepted, result.votedChainHash, result.resultHash, now],
      );
      await manager.query(`UPDATE ballot SET status = 'closed', closed_at = $2, closed_by = $3 WHERE id = $1`, [ballotId, now, closedBy]);
      if (ballot.proposal === 'adopt-recommendation' && ballot.documentId) {
        await this.setRecommendationStatus(manager, ballot.documentId, ['voting'], result.accepted ? 'adopted' : 'rejected');
      }
      return { ballot: { ...ballot, status: 'closed' as const, closedAt: now, closedBy }, result };
    });
  }

  async result(ballotId: string): Promise<ResultRow | null> {
    const rows: ResultRow[] = await this.dataSource.query(
      `SELECT rule, votes, tally, accepted, voted_chain_hash AS "votedChainHash", result_hash AS "resultHash", closed_at AS "closedAt" FROM ballot_result WHERE ballot_id = $1`,
      [ballotId],
    );
    return rows[0] ?? null;
  }

  async acceptedOf(ballotIds: readonly string[]): Promise<Map<string, boolean>> {
    if (ballotIds.length === 0) return new Map();
    const rows: { ballotId: string; accepted: boolean }[] = await this.dataSource.query(`SELECT ballot_id AS "ballotId", accepted FROM ballot_result WHERE ballot_id = ANY($1::uuid[])`, [ballotIds]);
    return new Map(rows.map((row) => [row.ballotId, row.accepted]));
  }

  /** Moves the deadline later, before it passes; false when the ballot is closed or its deadline passed. */
  async extend(ballotId: string, deadline: Date, reason: string, memberId: string): Promise<Date | null> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { deadline: Date }[] = await manager.query(`SELECT deadline FROM ballot WHERE id = $1 AND status = 'open' AND deadline > now() FOR UPDATE`, [ballotId]);
      const previous = rows[0]?.deadline;
      if (!previous || deadline <= previous) return null;
      await manager.query(`INSERT INTO ballot_extension (ballot_id, previous_deadline, deadline, reason, extended_by) VALUES ($1, $2, $3, $4, $5)`, [ballotId, previous, deadline, reason, memberId]);
      // A new deadline gets its own reminder.
      await manager.query(`UPDATE ballot SET deadline = $2, reminder_sent_at = NULL WHERE id = $1`, [ballotId, deadline]);
      return previous;
    });
  }

  async extensions(ballotId: string): Promise<ExtensionRow[]> {
    return this.dataSource.query(
      `SELECT e.previous_deadline AS "previousDeadline", e.deadline, e.reason, e.extended_by AS "extendedBy", m.display_name AS "extendedByName", e.extended_at AS "extendedAt"
         FROM ballot_extension e LEFT JOIN member m ON m.id = e.extended_by WHERE e.ballot_id = $1 ORDER BY e.extended_at`,
      [ballotId],
    );
  }

  async setOutcomeStatement(ballotId: string, statement: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(`UPDATE ballot SET outcome_statement = $2 WHERE id = $1 AND status = 'closed'`, [ballotId, statement]);
    return affected > 0;
  }

  /**
   * Runs `work` only if this process holds the closer's advisory lock for its duration; another
   * instance that holds it makes this a no-op. Returns whether it ran.
   */
  async asTheOnlyCloser(work: () => Promise<void>): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }]: { locked: boolean }[] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [CLOSER_LOCK]);
      if (!locked) return false;
      try {
        await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [CLOSER_LOCK]);
      }
      return true;
    } finally {
      await runner.release();
    }
  }

  async dueIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM ballot WHERE status = 'open' AND deadline <= now() ORDER BY deadline LIMIT 100`);
    return rows.map((row) => row.id);
  }

  /** Claims the ballots whose reminder is due (once each, whichever instance claims first). */
  async claimReminders(hoursBefore: number): Promise<string[]> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE ballot SET reminder_sent_at = now()
        WHERE status = 'open' AND reminder_sent_at IS NULL AND deadline > now() AND deadline <= now() + make_interval(hours => $1)
        RETURNING id`,
      [hoursBefore],
    );
    return rows.map((row) => row.id);
  }

  /** Delegates and substitutes (and, with `coordinators`, coordinators) of the network, optionally of some partners only. */
  async recipients(networkId: string, options: { partnerIds?: readonly string[]; coordinators: boolean }): Promise<Recipient[]> {
    const roles = options.coordinators ? ['delegate', 'substitute', 'coordinator'] : ['delegate', 'substitute'];
    return this.dataSource.query(
      `SELECT id, email, language, partner_id AS "partnerId" FROM member
        WHERE network_id = $1 AND roles && $2::text[] ${options.partnerIds ? 'AND partner_id = ANY($3::uuid[])' : ''}`,
      options.partnerIds ? [networkId, roles, options.partnerIds] : [networkId, roles],
    );
  }

  /** Stores inbox news; a member gets each kind of news about a ballot once. Returns the members newly told. */
  async notify(notices: readonly BallotNotice[]): Promise<Set<string>> {
    if (notices.length === 0) return new Set();
    const rows: { memberId: string }[] = await this.dataSource.query(
      `INSERT INTO notification (member_id, kind, ballot_id, actor_name)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[])
       ON CONFLICT (member_id, ballot_id, kind) WHERE ballot_id IS NOT NULL DO NOTHING
       RETURNING member_id AS "memberId"`,
      [notices.map((notice) => notice.memberId), notices.map((notice) => notice.kind), notices.map((notice) => notice.ballotId), notices.map((notice) => notice.actorName)],
    );
    return new Set(rows.map((row) => row.memberId));
  }

  async participation(networkId: string): Promise<{ partnerId: string; partnerName: string; country: string; ballotsEligible: number; ballotsVoted: number; comments: number }[]> {
    return this.dataSource.query(
      `SELECT p.id AS "partnerId", p.name AS "partnerName", p.country,
              (SELECT count(*)::int FROM ballot b WHERE b.network_id = p.network_id AND p.id = ANY(b.eligible_partner_ids)) AS "ballotsEligible",
              (SELECT count(*)::int FROM ballot_vote v WHERE v.partner_id = p.id) AS "ballotsVoted",
              (SELECT count(*)::int FROM comment c WHERE c.author_partner_id = p.id AND c.deleted_at IS NULL) AS "comments"
         FROM partner p WHERE p.network_id = $1 ORDER BY p.name`,
      [networkId],
    );
  }
}
