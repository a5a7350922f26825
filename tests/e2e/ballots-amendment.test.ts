import { type AmendmentDetail, type BallotView, FROZEN_REASON_PREFIX, type RecommendationSummary } from '@accord/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MemberSession, signIn, signInAs, sql } from '../fixtures/accounts';
import { eventually, StockClient } from '../fixtures/collab-client';
import { anchorOf, findPhrase } from '../fixtures/passages';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const TWINNING = 'Town twinning 2.0: year-round exchanges for young people';
const PASSAGE = 'one weekend a year for the same twenty people';

describe('the whole decision path: propose an amendment, edit it from two clients, vote, close, merge live', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let coordinator: MemberSession;
  let editor: MemberSession;
  let commenter: MemberSession;
  let delegate: MemberSession;
  let delegatePordenone: MemberSession;
  let delegateZala: MemberSession;
  let recommendationId: string;
  let amendment: AmendmentDetail;
  let ballot: BallotView;
  const clients: StockClient[] = [];

  async function connect(session: MemberSession, documentId: string): Promise<StockClient> {
    const client = new StockClient(server.wsUrl, documentId, { token: await session.collabToken() });
    clients.push(client);
    await client.synced();
    return client;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url, env: { BALLOT_CLOSER_INTERVAL_MS: '100' } });
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    editor = await signInAs(server.httpUrl, 'editor');
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

  it('proposes an amendment and edits it live from two clients', async () => {
    const reader = await connect(commenter, recommendationId);
    amendment = await commenter.json<AmendmentDetail>('POST', `/api/recommendations/${recommendationId}/amendments`, { title: 'Twinning for more people', reason: 'One weekend reaches too few residents.', anchor: anchorOf(reader, PASSAGE) });
    await commenter.json('POST', `/api/amendments/${amendment.id}/authors`, { memberId: editor.memberId });
    const proposer = await connect(commenter, amendment.id);
    const coAuthor = await connect(editor, amendment.id);
    const added = findPhrase(proposer, PASSAGE);
    added.text.insert(added.index + PASSAGE.length, ' and a youth exchange every season');
    await eventually(() => coAuthor.text().includes('and a youth exchange every season'), 'the co-author sees the proposer’s edit');
    const changed = findPhrase(coAuthor, 'one weekend a year');
    changed.text.delete(changed.index, 'one weekend a year'.length);
    changed.text.insert(changed.index, 'four weekends a year');
    await eventually(() => proposer.text().includes('four weekends a year for the same twenty people and a youth exchange every season'), 'the proposer sees the co-author’s edit');
  });

  it('opens a ballot on the amendment: its text is frozen for its authors, the recommendation is not', async () => {
    const author = await connect(commenter, amendment.id);
    ballot = await coordinator.json<BallotView>('POST', '/api/ballots', {
      proposal: 'accept-amendment',
      title: 'Accept: twinning for more people',
      amendmentId: amendment.id,
      quorumPercent: 10,
      majority: 'two-thirds',
      abstentions: 'excluded',
      deadline: new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString(),
    });
    expect(ballot).toMatchObject({ proposal: 'accept-amendment', amendmentId: amendment.id, recommendation: { id: recommendationId } });
    await eventually(() => author.permissionDenied.some((reason) => reason.startsWith(FROZEN_REASON_PREFIX)), 'the amendment’s author is told it is frozen');
    expect((await commenter.json<AmendmentDetail>('GET', `/api/amendments/${amendment.id}`)).status).toBe('under-vote');

    // A crafted update to the frozen amendment changes nothing.
    const before = (await connect(coordinator, amendment.id)).text();
    const refusals = author.permissionDenied.length;
    findPhrase(author, 'four weekends').text.insert(0, 'Slipped in: ');
    await eventually(() => author.permissionDenied.length > refusals, 'the update refused');
    expect((await connect(coordinator, amendment.id)).text()).toBe(before);

    // A second ballot on the same amendment is refused.
    const again = await coordinator.request('POST', '/api/ballots', { proposal: 'accept-amendment', title: 'Again', amendmentId: amendment.id, quorumPercent: 10, majority: 'simple', abstentions: 'counted', deadline: new Date(Date.now() + 60 * 60 * 1000).toISOString() });
    expect(again.status).toBe(409);
  });

  it('tells a delegate when the merged preview changed since the vote', async () => {
    await delegate.json('PUT', `/api/ballots/${ballot.id}/vote`, { choice: 'for' });
    await delegatePordenone.json('PUT', `/api/ballots/${ballot.id}/vote`, { choice: 'for' });
    await delegateZala.json('PUT', `/api/ballots/${ballot.id}/vote`, { choice: 'against' });
    expect((await delegate.json<BallotView>('GET', `/api/ballots/${ballot.id}`)).myPartner).toMatchObject({ choice: 'for', changedSinceVote: false });

    // The recommendation is edited meanwhile (not frozen: the amendment is voted on, not the text).
    const writer = await connect(coordinator, recommendationId);
    writer.appendParagraph('Added while the amendment was under vote.');
    await eventually(async () => (await delegate.json<BallotView>('GET', `/api/ballots/${ballot.id}`)).myPartner?.changedSinceVote === true, 'the delegate sees “changed since your vote”');
    const mine = (await delegate.json<BallotView[]>('GET', '/api/ballots')).find((entry) => entry.id === ballot.id);
    expect(mine?.myPartner?.changedSinceVote).toBe(true);
  });

  it('closes, merges the amendment live into an open editor, keeps the concurrent edit, and records “amendment adopted”', async () => {
    const openEditor = await connect(coordinator, recommendationId);
    await sql(database.url, `UPDATE ballot SET opened_at = now() - interval '2 days', deadline = now() - interval '1 second' WHERE id = $1`, [ballot.id]);
    await eventually(() => openEditor.text().includes('four weekends a year for the same twenty people and a youth exchange every season'), 'the open editor receives the merged text live');
    expect(openEditor.text()).toContain('Added while the amendment was under vote.');
    expect(openEditor.text()).not.toContain(PASSAGE);

    const closed = await delegateZala.json<BallotView>('GET', `/api/ballots/${ballot.id}`);
    expect(closed.result).toMatchObject({ tally: { for: 2, against: 1, abstain: 0 }, accepted: true });
    expect(closed.result!.decision).toMatchObject({ denominator: 3, forRequired: 2, majorityMet: true });
    await eventually(async () => (await commenter.json<AmendmentDetail>('GET', `/api/amendments/${amendment.id}`)).status === 'adopted', 'the amendment is adopted');
    const adopted = await commenter.json<AmendmentDetail>('GET', `/api/amendments/${amendment.id}`);
    expect(adopted.ballotId).toBe(ballot.id);
    const history = await coordinator.json<{ versions: { number: number; kind: string }[] }>('GET', `/api/recommendations/${recommendationId}/versions`);
    expect(history.versions[0]).toMatchObject({ number: adopted.adoptedVersion, kind: 'amendment-adopted' });
    expect(await commenter.json('GET', `/api/ballots/${ballot.id}/verify`)).toMatchObject({ intact: true });
    // The recommendation's own status is not decided by an amendment's ballot.
    expect((await coordinator.json<RecommendationSummary>('GET', `/api/recommendations/${recommendationId}`)).status).toBe('in_review');
  });
});
