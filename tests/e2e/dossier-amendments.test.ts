import type { AmendmentDetail, BallotView, RecommendationSummary } from '@accord/contracts';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MemberSession, signIn, signInAs, sql } from '../fixtures/accounts';
import { eventually, StockClient } from '../fixtures/collab-client';
import { anchorOf, findPhrase } from '../fixtures/passages';
import { pdfText } from '../fixtures/file-readers';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const TWINNING = 'Town twinning 2.0: year-round exchanges for young people';
const ADOPTED_PASSAGE = 'one weekend a year for the same twenty people';
const ADOPTED_WORDS = ' and a youth exchange every season';
const DECLINED_PASSAGE = 'paid for two days a month';
const DECLINED_WORDS = 'twelve brass bands and ';
const REJECTED_PASSAGE = 'Results presented to both town councils every year.';
const REJECTED_WORDS = ' and to the regional assembly';
const DECLINE_REASON = 'Out of scope for this recommendation: music belongs to the culture strand.';

interface DiffRun {
  node: string;
  change: string;
  text?: string;
  children?: DiffRun[];
}
interface DossierAmendment {
  id: string;
  title: string;
  outcome: string;
  ballotId: string | null;
  diff: { structure: { blocks: DiffRun[]; wordsAdded: number; wordsRemoved: number } };
}
interface Dossier {
  adoptingBallotId: string | null;
  amendments: DossierAmendment[];
  ballots: { id: string; question: string; result: string }[];
  text: { content: DiffRun & { content?: unknown[] } };
}
interface Edition {
  label: string;
  publicUrl: string;
  exports: { kind: string; url: string }[];
}

/** The runs of a structural diff with the given change, joined: what a reader sees marked as inserted or deleted. */
function runsOf(blocks: readonly DiffRun[], change: 'insert' | 'delete'): string {
  const out: string[] = [];
  const visit = (node: DiffRun) => {
    if (node.node === 'text' && node.change === change) out.push(node.text ?? '');
    node.children?.forEach(visit);
  };
  blocks.forEach(visit);
  return out.join('');
}

/** The plain text of TipTap JSON. */
function plainText(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const value = node as { text?: unknown; content?: unknown[] };
  return (typeof value.text === 'string' ? value.text : '') + (value.content ?? []).map(plainText).join('');
}

const inOneDay = () => new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString();

/**
 * A recommendation published after three amendments: one adopted by its ballot, one declined by a
 * coordinator, one whose ballot failed. The edition's decision dossier names each, with its outcome,
 * ballot and diff.
 */
describe('the decision dossier of a recommendation that was amended', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let coordinator: MemberSession;
  let commenter: MemberSession;
  let delegate: MemberSession;
  let delegatePordenone: MemberSession;
  let delegateZala: MemberSession;
  let recommendationId: string;
  let adopted: AmendmentDetail;
  let declined: AmendmentDetail;
  let rejected: AmendmentDetail;
  let amendmentBallot: BallotView;
  let failedBallot: BallotView;
  let adoptionBallot: BallotView;
  let edition: Edition;
  const clients: StockClient[] = [];

  const get = (path: string) => fetch(`${server.httpUrl}${path}`);
  const fileOf = async (kind: string) => Buffer.from(await (await get(edition.exports.find((file) => file.kind === kind)!.url)).arrayBuffer());

  async function connect(session: MemberSession, documentId: string): Promise<StockClient> {
    const client = new StockClient(server.wsUrl, documentId, { token: await session.collabToken() });
    clients.push(client);
    await client.synced();
    return client;
  }

  /** Three partners' delegates vote the same way; then the deadline passes and the closer closes the ballot. */
  async function decideBallot(ballot: BallotView, choice: 'for' | 'against'): Promise<void> {
    for (const voter of [delegate, delegatePordenone, delegateZala]) await voter.json('PUT', `/api/ballots/${ballot.id}/vote`, { choice });
    await sql(database.url, `UPDATE ballot SET opened_at = now() - interval '2 days', deadline = now() - interval '1 second' WHERE id = $1`, [ballot.id]);
    await eventually(async () => (await coordinator.json<BallotView>('GET', `/api/ballots/${ballot.id}`)).status === 'closed', 'the closer closes the ballot');
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url, env: { BALLOT_CLOSER_INTERVAL_MS: '100' } });
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    commenter = await signInAs(server.httpUrl, 'commenter');
    delegate = await signInAs(server.httpUrl, 'delegate');
    delegatePordenone = await signIn(server.httpUrl, 'delegate.pordenone@demo.accord.example', 'demo-delegate-pordenone');
    delegateZala = await signIn(server.httpUrl, 'delegate.zala@demo.accord.example', 'demo-delegate-zala');
    recommendationId = (await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations')).find((recommendation) => recommendation.title === TWINNING)!.id;
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.stop();
    await database?.drop();
  });

  it('proposes three amendments, each adding words to its own passage', async () => {
    const reader = await connect(commenter, recommendationId);
    adopted = await commenter.json<AmendmentDetail>('POST', `/api/recommendations/${recommendationId}/amendments`, { title: 'A youth exchange every season', reason: 'One weekend reaches too few residents.', anchor: anchorOf(reader, ADOPTED_PASSAGE) });
    declined = await commenter.json<AmendmentDetail>('POST', `/api/recommendations/${recommendationId}/amendments`, { title: 'Brass bands for the mentors', reason: 'Music brings people together.', anchor: anchorOf(reader, DECLINED_PASSAGE) });
    rejected = await commenter.json<AmendmentDetail>('POST', `/api/recommendations/${recommendationId}/amendments`, { title: 'Report to the regional assembly', reason: 'The region co-funds the exchanges.', anchor: anchorOf(reader, REJECTED_PASSAGE) });

    const first = await connect(commenter, adopted.id);
    const passage = findPhrase(first, ADOPTED_PASSAGE);
    passage.text.insert(passage.index + ADOPTED_PASSAGE.length, ADOPTED_WORDS);
    const second = await connect(commenter, declined.id);
    const days = findPhrase(second, 'two days a month');
    days.text.insert(days.index, DECLINED_WORDS);
    const third = await connect(commenter, rejected.id);
    const councils = findPhrase(third, 'both town councils');
    councils.text.insert(councils.index + 'both town councils'.length, REJECTED_WORDS);

    for (const [amendment, words] of [[adopted, ADOPTED_WORDS], [declined, DECLINED_WORDS], [rejected, REJECTED_WORDS]] as const) {
      await eventually(async () => runsOf((await commenter.json<AmendmentDetail>('GET', `/api/amendments/${amendment.id}`)).diff.structure.blocks as DiffRun[], 'insert').includes(words.trim()), `the amendment “${amendment.title}” is stored`);
    }
  });

  it('adopts the first by a ballot that passes, declines the second with a reason, and the third’s ballot fails', async () => {
    amendmentBallot = await coordinator.json<BallotView>('POST', '/api/ballots', {
      proposal: 'accept-amendment',
      title: 'Accept: a youth exchange every season',
      amendmentId: adopted.id,
      quorumPercent: 10,
      majority: 'simple',
      abstentions: 'excluded',
      deadline: inOneDay(),
    });
    await decideBallot(amendmentBallot, 'for');
    await eventually(async () => (await commenter.json<AmendmentDetail>('GET', `/api/amendments/${adopted.id}`)).status === 'adopted', 'the amendment is adopted');
    expect(await commenter.json<AmendmentDetail>('GET', `/api/amendments/${adopted.id}`)).toMatchObject({ status: 'adopted', ballotId: amendmentBallot.id });

    const refused = await commenter.request('POST', `/api/amendments/${declined.id}/decline`, { reason: DECLINE_REASON });
    expect(refused.status).toBe(403);
    const closed = await coordinator.json<AmendmentDetail>('POST', `/api/amendments/${declined.id}/decline`, { reason: DECLINE_REASON });
    expect(closed).toMatchObject({ status: 'declined', closedReason: DECLINE_REASON, ballotId: null, closedBy: { memberId: coordinator.memberId } });

    failedBallot = await coordinator.json<BallotView>('POST', '/api/ballots', {
      proposal: 'accept-amendment',
      title: 'Accept: report to the regional assembly',
      amendmentId: rejected.id,
      quorumPercent: 10,
      majority: 'simple',
      abstentions: 'excluded',
      deadline: inOneDay(),
    });
    await decideBallot(failedBallot, 'against');
    expect((await coordinator.json<BallotView>('GET', `/api/ballots/${failedBallot.id}`)).result).toMatchObject({ accepted: false, tally: { against: 3 } });

    const text = (await connect(coordinator, recommendationId)).text();
    expect(text).toContain(`${ADOPTED_PASSAGE}${ADOPTED_WORDS}`);
    expect(text).not.toContain(DECLINED_WORDS.trim());
    expect(text).not.toContain(REJECTED_WORDS.trim());
  });

  it('adopts the amended recommendation by a ballot that passes, and the lead partner’s coordinator publishes it', async () => {
    adoptionBallot = await coordinator.json<BallotView>('POST', '/api/ballots', {
      proposal: 'adopt-recommendation',
      title: 'Adopt town twinning 2.0',
      recommendationId,
      quorumPercent: 10,
      majority: 'simple',
      abstentions: 'excluded',
      deadline: inOneDay(),
    });
    await decideBallot(adoptionBallot, 'for');
    expect((await coordinator.json<RecommendationSummary>('GET', `/api/recommendations/${recommendationId}`)).status).toBe('adopted');

    edition = await coordinator.json<Edition>('POST', `/api/recommendations/${recommendationId}/editions`, {});
    expect(edition.label).toMatch(/^EC-NET Recommendation \d{4}\/\d{2}, edition 1$/);
    expect((await coordinator.json<RecommendationSummary>('GET', `/api/recommendations/${recommendationId}`)).status).toBe('published');
  });

  it('writes a dossier that lists every amendment with its outcome, ballots and diffs, and validates against the schema', async () => {
    const dossier = JSON.parse((await fileOf('dossier-json')).toString('utf8')) as Dossier;
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync('docs/decision-dossier.schema.json', 'utf8')) as object);
    expect(validate(dossier), JSON.stringify(validate.errors)).toBe(true);

    expect(dossier.adoptingBallotId).toBe(adoptionBallot.id);
    expect(dossier.amendments.map((amendment) => [amendment.title, amendment.outcome, amendment.ballotId])).toEqual([
      ['A youth exchange every season', 'adopted', amendmentBallot.id],
      ['Brass bands for the mentors', 'declined', null],
      ['Report to the regional assembly', 'rejected', failedBallot.id],
    ]);
    const [accepted, refused, outvoted] = dossier.amendments;
    expect(accepted.id).toBe(adopted.id);
    expect(runsOf(accepted.diff.structure.blocks, 'insert')).toContain(ADOPTED_WORDS.trim());
    expect(runsOf(accepted.diff.structure.blocks, 'delete')).toBe('');
    expect(accepted.diff.structure.wordsAdded).toBe(ADOPTED_WORDS.trim().split(/\s+/).length);
    expect(refused.id).toBe(declined.id);
    expect(runsOf(refused.diff.structure.blocks, 'insert')).toContain(DECLINED_WORDS.trim());
    expect(outvoted.id).toBe(rejected.id);
    expect(runsOf(outvoted.diff.structure.blocks, 'insert')).toContain(REJECTED_WORDS.trim());

    // Every ballot is on record, oldest first: the two on amendments, then the recommendation's.
    expect(dossier.ballots.map((ballot) => [ballot.id, ballot.question, ballot.result])).toEqual([
      [amendmentBallot.id, 'Accept: a youth exchange every season', 'adopted'],
      [failedBallot.id, 'Accept: report to the regional assembly', 'rejected'],
      [adoptionBallot.id, 'Adopt town twinning 2.0', 'adopted'],
    ]);

    // The dossier's own copy of the text is the amended one.
    const text = plainText(dossier.text.content);
    expect(text).toContain(`${ADOPTED_PASSAGE}${ADOPTED_WORDS}`);
    expect(text).not.toContain(DECLINED_WORDS.trim());
    expect(text).not.toContain(REJECTED_WORDS.trim());

    const dossierPdf = pdfText(await fileOf('dossier-pdf')).replace(/\s+/g, ' ');
    expect(dossierPdf).toContain('A youth exchange every season: adopted');
    expect(dossierPdf).toContain('Brass bands for the mentors: declined');
    expect(dossierPdf).toContain('Report to the regional assembly: rejected');
  });

  it('publishes the adopted amendment’s words and not those of the declined or rejected ones', async () => {
    const page = await (await get(edition.publicUrl)).text();
    const markdown = (await fileOf('markdown')).toString('utf8');
    for (const published of [page, markdown]) {
      expect(published).toContain(`${ADOPTED_PASSAGE}${ADOPTED_WORDS}`);
      expect(published).not.toContain(DECLINED_WORDS.trim());
      expect(published).not.toContain(REJECTED_WORDS.trim());
    }
  });
});
