import { type BallotChoice, type BallotRule, decideBallot, tallyOf } from '@accord/contracts';
import { yDocToProsemirrorJson } from '@accord/editor';
import type { EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { type RecordedVote, resultHashOf, type ResultRecord } from '../../modules/ballots/ballot-result-hash';
import { chainHashOf, contentHashOf } from '../../modules/versions/version-hash';

/** The recommendation whose ballot is open in the demo (its text is frozen until the deadline). */
export const DEMO_OPEN_BALLOT_TITLE = 'Participatory budgeting with a European dimension';
/** The recommendation adopted by the demo's closed ballot (and published since). */
export const DEMO_CLOSED_BALLOT_TITLE = 'Solidarity networks between partner towns for crisis response';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Partners (by key) and how they voted on the closed ballot; the demo delegates vote as themselves. */
const CLOSED_VOTES: [string, BallotChoice][] = [
  ['ptuj', 'for'],
  ['pordenone', 'for'],
  ['zala', 'abstain'],
  ['leuven', 'for'],
  ['tartu', 'for'],
  ['albacete', 'against'],
  ['timisoara', 'for'],
  ['braga', 'for'],
  ['weiz', 'for'],
  ['kaunas', 'abstain'],
];

interface SeedContext {
  networkId: string;
  documentId: string;
  state: Uint8Array;
  partnerIds: ReadonlyMap<string, string>;
  partnerNames: ReadonlyMap<string, string>;
  /** Demo members by partner key: the partner's delegate, when the demo has one. */
  delegates: ReadonlyMap<string, { id: string; displayName: string }>;
  coordinatorId: string;
}

/**
 * The demo's ballots: one open on a recommendation in voting (its text frozen, two partners voted),
 * and one closed that adopted a recommendation, with its stored result and outcome statement.
 * Each has its version of kind "ballot-opened", the exact text voted on.
 */
export async function insertDemoBallots(manager: EntityManager, open: SeedContext, closed: SeedContext): Promise<void> {
  const rule: BallotRule = { quorumPercent: 50, majority: 'simple', abstentions: 'excluded' };
  const now = Date.now();

  const openVersion = await insertBallotVersion(manager, open, new Date(now - 2 * DAY_MS));
  const [{ id: openId }]: { id: string }[] = await manager.query(
    `INSERT INTO ballot (network_id, proposal, document_id, title, quorum_percent, majority, abstentions, eligible_partner_ids, opened_at, opened_by, deadline,
                         voted_version, voted_content_hash, voted_chain_hash)
     VALUES ($1, 'adopt-recommendation', $2, $3, $4, $5, $6, $7::uuid[], $8, $9, $10, $11, $12, $13) RETURNING id`,
    [open.networkId, open.documentId, `Adopt: ${DEMO_OPEN_BALLOT_TITLE}`, rule.quorumPercent, rule.majority, rule.abstentions, [...open.partnerIds.values()], new Date(now - 2 * DAY_MS), open.coordinatorId, new Date(now + 5 * DAY_MS), openVersion.number, openVersion.contentHash, openVersion.chainHash],
  );
  for (const [partner, choice] of [['pordenone', 'for'], ['zala', 'against']] as const) {
    const delegate = open.delegates.get(partner)!;
    await manager.query(
      `INSERT INTO ballot_vote (ballot_id, partner_id, choice, cast_by, cast_by_name, cast_as, cast_at, seen_hash) VALUES ($1, $2, $3, $4, $5, 'delegate', $6, $7)`,
      [openId, open.partnerIds.get(partner), choice, delegate.id, delegate.displayName, new Date(now - DAY_MS), openVersion.contentHash],
    );
  }

  const openedAt = new Date(now - 40 * DAY_MS);
  const closedAt = new Date(now - 33 * DAY_MS);
  const closedVersion = await insertBallotVersion(manager, closed, openedAt);
  const eligible = [...closed.partnerIds.values()];
  const [{ id: closedId }]: { id: string }[] = await manager.query(
    `INSERT INTO ballot (network_id, proposal, document_id, title, quorum_percent, majority, abstentions, eligible_partner_ids, opened_at, opened_by, deadline,
                         voted_version, voted_content_hash, voted_chain_hash, outcome_statement)
     VALUES ($1, 'adopt-recommendation', $2, $3, $4, $5, $6, $7::uuid[], $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [
      closed.networkId,
      closed.documentId,
      `Adopt: ${DEMO_CLOSED_BALLOT_TITLE}`,
      rule.quorumPercent,
      rule.majority,
      rule.abstentions,
      eligible,
      openedAt,
      closed.coordinatorId,
      closedAt,
      closedVersion.number,
      closedVersion.contentHash,
      closedVersion.chainHash,
      'Adopted by seven partners to one, with two abstentions. The lead partner publishes it as the network’s first edition.',
    ],
  );
  const votes: RecordedVote[] = [];
  for (const [index, [partner, choice]] of CLOSED_VOTES.entries()) {
    const partnerId = closed.partnerIds.get(partner);
    if (!partnerId) continue;
    const delegate = closed.delegates.get(partner);
    const castAt = new Date(openedAt.getTime() + (index + 1) * 3 * 60 * 60 * 1000);
    const vote: RecordedVote = {
      partnerId,
      partnerName: closed.partnerNames.get(partner) ?? '',
      choice,
      castBy: delegate?.id ?? null,
      castByName: delegate?.displayName ?? `${closed.partnerNames.get(partner) ?? ''} delegate`,
      castAs: 'delegate',
      castAt: castAt.toISOString(),
    };
    votes.push(vote);
    await manager.query(
      `INSERT INTO ballot_vote (ballot_id, partner_id, choice, cast_by, cast_by_name, cast_as, cast_at, seen_hash) VALUES ($1, $2, $3, $4, $5, 'delegate', $6, $7)`,
      [closedId, partnerId, choice, vote.castBy, vote.castByName, castAt, closedVersion.contentHash],
    );
  }
  const tally = tallyOf(eligible.length, votes.map((vote) => vote.choice));
  const record: ResultRecord = {
    ballotId: closedId,
    rule,
    eligiblePartnerIds: eligible,
    votes,
    tally,
    accepted: decideBallot(rule, tally).accepted,
    votedChainHash: closedVersion.chainHash,
    closedAt: closedAt.toISOString(),
  };
  await manager.query(
    `INSERT INTO ballot_result (ballot_id, rule, votes, tally, accepted, voted_chain_hash, result_hash, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [closedId, JSON.stringify(rule), JSON.stringify(votes), JSON.stringify(tally), record.accepted, record.votedChainHash, resultHashOf(record), closedAt],
  );
  await manager.query(`UPDATE ballot SET status = 'closed', closed_at = $2 WHERE id = $1`, [closedId, closedAt]);
}

/** The version the ballot is on: the text as seeded, after whatever versions the document has. */
async function insertBallotVersion(manager: EntityManager, context: SeedContext, createdAt: Date): Promise<{ number: number; contentHash: string; chainHash: string }> {
  const doc = new Y.Doc();
  let content;
  try {
    Y.applyUpdate(doc, context.state);
    content = yDocToProsemirrorJson(doc);
  } finally {
    doc.destroy();
  }
  const previous: { number: number; chain_hash: string }[] = await manager.query(`SELECT number, chain_hash FROM document_version WHERE document_id = $1 ORDER BY number DESC LIMIT 1`, [context.documentId]);
  const number = (previous[0]?.number ?? 0) + 1;
  const contentHash = contentHashOf(content);
  const chainHash = chainHashOf(previous[0]?.chain_hash ?? null, contentHash);
  await manager.query(
    `INSERT INTO document_version (document_id, number, kind, created_at, created_by, state, content, content_hash, previous_hash, chain_hash)
     VALUES ($1, $2, 'ballot-opened', $3, $4, $5, $6, $7, $8, $9)`,
    [context.documentId, number, createdAt, context.coordinatorId, Buffer.from(context.state), JSON.stringify(content), contentHash, previous[0]?.chain_hash ?? null, chainHash],
  );
  return { number, contentHash, chainHash };
}
