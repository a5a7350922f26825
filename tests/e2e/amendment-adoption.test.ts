import type { AmendmentDetail, RecommendationSummary } from '@accord/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmendmentsService } from '../../apps/server/src/modules/amendments/amendments.service';
import { type MemberSession, signInAs } from '../fixtures/accounts';
import { eventually, StockClient } from '../fixtures/collab-client';
import { anchorOf, findPhrase } from '../fixtures/passages';
import { startInProcess, type InProcessApp } from '../fixtures/in-process-app';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const TWINNING = 'Town twinning 2.0: year-round exchanges for young people';
const PASSAGE = 'one weekend a year for the same twenty people';

/**
 * Adoption, as a ballot's result calls it (AmendmentsService.adopt has no route): the amendment's
 * own changes are merged into the LIVE recommendation by the CRDT, with an editor open on it and
 * a concurrent edit of the same passage made there since the fork.
 */
describe('adopting an amendment into a live recommendation', () => {
  let database: TestDatabase;
  let server: InProcessApp;
  let coordinator: MemberSession;
  let commenter: MemberSession;
  let recommendationId: string;
  const clients: StockClient[] = [];

  async function connect(session: MemberSession, documentId: string): Promise<StockClient> {
    const client = new StockClient(server.wsUrl, documentId, { token: await session.collabToken() });
    clients.push(client);
    await client.synced();
    return client;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startInProcess(database.url);
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    commenter = await signInAs(server.httpUrl, 'commenter');
    recommendationId = (await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations')).find((recommendation) => recommendation.title === TWINNING)!.id;
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.stop();
    await database?.drop();
  });

  it('merges the amendment live into an open editor, keeping a concurrent edit of the same passage, and records the version', async () => {
    const liveEditor = await connect(coordinator, recommendationId);
    const amendment = await commenter.json<AmendmentDetail>('POST', `/api/recommendations/${recommendationId}/amendments`, {
      title: 'Four weekends',
      reason: 'Reach more residents.',
      anchor: anchorOf(liveEditor, PASSAGE),
    });

    // The amendment: "one weekend" becomes "four weekends".
    const proposer = await connect(commenter, amendment.id);
    const passage = findPhrase(proposer, 'one weekend');
    passage.text.delete(passage.index, 'one weekend'.length);
    passage.text.insert(passage.index, 'four weekends');
    await eventually(async () => JSON.stringify((await commenter.json<AmendmentDetail>('GET', `/api/amendments/${amendment.id}`)).diff.structure).includes('four'), 'the amendment is stored');

    // Meanwhile, in the live recommendation, the same passage is edited: "twenty" becomes "forty".
    const twenty = findPhrase(liveEditor, 'twenty people');
    twenty.text.delete(twenty.index, 'twenty'.length);
    twenty.text.insert(twenty.index, 'forty');
    await eventually(async () => (await commenter.json<AmendmentDetail>('GET', `/api/amendments/${amendment.id}`)).flags.passageEditedSinceProposal, 'the stale flag');

    const service = server.app.get(AmendmentsService);
    const ballotId = '11111111-1111-4111-8111-111111111111';
    const { version } = await service.adopt(amendment.id, { ballotId, actor: { memberId: coordinator.memberId, displayName: 'Coordinator', email: 'coordinator@demo.accord.example' } });

    // The open editor receives the merged text live; both edits are kept.
    await eventually(() => liveEditor.text().includes('four weekends a year for the same forty people'), 'the open editor receives the merged text');
    const fresh = await connect(commenter, recommendationId);
    expect(fresh.text()).toContain('Twinning visits are often four weekends a year for the same forty people. We recommend');

    const history = await coordinator.json<{ versions: { number: number; kind: string; amendmentId: string | null; ballotId: string | null }[] }>('GET', `/api/recommendations/${recommendationId}/versions`);
    expect(history.versions[0]).toMatchObject({ number: version, kind: 'amendment-adopted', amendmentId: amendment.id, ballotId });
    const adopted = await commenter.json<AmendmentDetail>('GET', `/api/amendments/${amendment.id}`);
    expect(adopted).toMatchObject({ status: 'adopted', adoptedVersion: version, ballotId, canEdit: false });

    // Adopting twice is refused and changes nothing.
    await expect(service.adopt(amendment.id, { ballotId, actor: null })).rejects.toMatchObject({ code: 'AMENDMENT_NOT_OPEN' });
    expect(fresh.text()).toContain('four weekends a year for the same forty people');
  });

  it('keeps both words when the recommendation and the amendment rewrote the same word: the CRDT keeps both insertions', async () => {
    const liveEditor = await connect(coordinator, recommendationId);
    const amendment = await commenter.json<AmendmentDetail>('POST', `/api/recommendations/${recommendationId}/amendments`, { title: 'Mentors weekly', reason: 'More support.', anchor: anchorOf(liveEditor, 'two days a month') });
    const proposer = await connect(commenter, amendment.id);
    const inAmendment = findPhrase(proposer, 'two days');
    inAmendment.text.delete(inAmendment.index, 'two'.length);
    inAmendment.text.insert(inAmendment.index, 'three');
    await eventually(async () => JSON.stringify((await commenter.json<AmendmentDetail>('GET', `/api/amendments/${amendment.id}`)).diff.structure).includes('three'), 'the amendment is stored');
    const inRecommendation = findPhrase(liveEditor, 'two days');
    inRecommendation.text.delete(inRecommendation.index, 'two'.length);
    inRecommendation.text.insert(inRecommendation.index, 'four');
    await eventually(() => liveEditor.text().includes('paid for four days a month'), 'the live edit');

    await server.app.get(AmendmentsService).adopt(amendment.id, { ballotId: '22222222-2222-4222-8222-222222222222', actor: null });
    // "two" was deleted by both; "three" and "four" were both inserted at the same place: both stay,
    // in the order Yjs gives concurrent insertions (by client id), for a reviewer to settle.
    await eventually(() => /paid for (threefour|fourthree) days a month/.test(liveEditor.text()), 'both insertions kept');
  });
});
