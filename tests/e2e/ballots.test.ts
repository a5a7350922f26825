import { type BallotView, FROZEN_REASON_PREFIX, frozenUntilOf, type RecommendationSummary } from '@accord/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MemberSession, signIn, signInAs, sql } from '../fixtures/accounts';
import { eventually, StockClient } from '../fixtures/collab-client';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const EUROPEAN_DAYS = 'Evropski dnevi v partnerskih mestih';
const RULE = { quorumPercent: 10, majority: 'simple', abstentions: 'counted' } as const;
const inOneDay = () => new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString();

describe('ballots over HTTP and the collaboration websocket', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let coordinator: MemberSession;
  let editor: MemberSession;
  let commenter: MemberSession;
  let delegate: MemberSession;
  let substitute: MemberSession;
  let delegatePordenone: MemberSession;
  let delegateZala: MemberSession;
  let documentId: string;
  let ballot: BallotView;
  const clients: StockClient[] = [];

  async function connect(session: MemberSession): Promise<StockClient> {
    const client = new StockClient(server.wsUrl, documentId, { token: await session.collabToken() });
    clients.push(client);
    await client.synced();
    return client;
  }

  async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
    const body = (await response.json()) as { code: string; message: string };
    return { status: response.status, code: body.code, message: body.message };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url, env: { BALLOT_CLOSER_INTERVAL_MS: '100' } });
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    editor = await signInAs(server.httpUrl, 'editor');
    commenter = await signInAs(server.httpUrl, 'commenter');
    delegate = await signInAs(server.httpUrl, 'delegate');
    substitute = await signInAs(server.httpUrl, 'substitute');
    delegatePordenone = await signIn(server.httpUrl, 'delegate.pordenone@demo.accord.example', 'demo-delegate-pordenone');
    delegateZala = await signIn(server.httpUrl, 'delegate.zala@demo.accord.example', 'demo-delegate-zala');
    documentId = (await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations')).find((recommendation) => recommendation.title === EUROPEAN_DAYS)!.id;
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.stop();
    await database?.drop();
  });

  it('refuses to open a ballot to anyone but a coordinator, with a sentence', async () => {
    const refused = await errorOf(await editor.request('POST', '/api/ballots', { proposal: 'adopt-recommendation', title: 'x', recommendationId: documentId, ...RULE, deadline: inOneDay() }));
    expect(refused.status).toBe(403);
    expect(refused.message).toMatch(/coordinator/i);
  });

  it('opening a ballot freezes the text: an open editor turns read-only live, the version voted on is recorded', async () => {
    const editorClient = await connect(editor);
    editorClient.appendParagraph('Written before the vote.');
    await eventually(async () => (await sql<{ n: string }>(database.url, `SELECT count(*) AS n FROM document_update WHERE document_id = $1`, [documentId]))[0].n !== '0', 'the edit before the vote stored');

    ballot = await coordinator.json<BallotView>('POST', '/api/ballots', { proposal: 'adopt-recommendation', title: 'Adopt the European days', recommendationId: documentId, ...RULE, deadline: inOneDay() });
    expect(ballot).toMatchObject({ status: 'open', proposal: 'adopt-recommendation', eligible: 16, voted: 0, rule: RULE });

    await eventually(() => editorClient.permissionDenied.some((reason) => reason.startsWith(FROZEN_REASON_PREFIX)), 'the frozen reason reaches the open editor');
    expect(frozenUntilOf(editorClient.permissionDenied.at(-1)!)).toBe(ballot.deadline);

    const versions = await coordinator.json<{ versions: { number: number; kind: string; eventLabel: string | null; contentHash: string; chainHash: string }[] }>('GET', `/api/recommendations/${documentId}/versions`);
    const voted = versions.versions.find((version) => version.number === ballot.votedVersion)!;
    expect(voted).toMatchObject({ kind: 'event', eventLabel: 'ballot opened', contentHash: ballot.votedContentHash, chainHash: ballot.votedChainHash });
    const recommendation = await coordinator.json<RecommendationSummary>('GET', `/api/recommendations/${documentId}`);
    expect(recommendation.status).toBe('voting');
    expect((await coordinator.json<{ versions: unknown[] }>('GET', `/api/recommendations/${documentId}/versions/${ballot.votedVersion}`))).toBeTruthy();
  });

  it('a crafted websocket update during voting changes nothing, and a new connection is told why', async () => {
    const before = (await connect(coordinator)).text();
    const writer = await connect(editor);
    expect(writer.permissionDenied.some((reason) => reason.startsWith(FROZEN_REASON_PREFIX))).toBe(true);
    const refusalsBefore = writer.permissionDenied.length;
    writer.appendParagraph('Slipped in during the vote.');
    await eventually(() => writer.permissionDenied.length > refusalsBefore, 'the update refused');
    const reader = await connect(coordinator);
    expect(reader.text()).toBe(before);
    expect(reader.text()).not.toContain('Slipped in');

    // The server refuses its own changes too: a restore during the vote.
    const restore = await errorOf(await coordinator.request('POST', `/api/recommendations/${documentId}/versions/1/restore`));
    expect(restore).toMatchObject({ status: 409, code: 'DOCUMENT_FROZEN' });
  });

  it('refuses a second ballot on the same text', async () => {
    const second = await errorOf(await coordinator.request('POST', '/api/ballots', { proposal: 'adopt-recommendation', title: 'Again', recommendationId: documentId, ...RULE, deadline: inOneDay() }));
    expect(second).toMatchObject({ status: 409, code: 'BALLOT_ALREADY_OPEN' });
  });

  it('lets each partner’s delegate vote once, the substitute only before the delegate, and says who cast each vote', async () => {
    const notAllowed = await errorOf(await commenter.request('PUT', `/api/ballots/${ballot.id}/vote`, { choice: 'for' }));
    expect(notAllowed.status).toBe(403);
    expect(notAllowed.message).toMatch(/delegate/i);
    expect((await coordinator.request('PUT', `/api/ballots/${ballot.id}/vote`, { choice: 'for' })).status).toBe(403);
    expect((await delegate.request('PUT', `/api/ballots/${ballot.id}/vote`, { choice: 'maybe' })).status).toBe(400);

    // Ptuj: the substitute votes first, then the delegate replaces it; the substitute may not replace the delegate.
    await substitute.json('PUT', `/api/ballots/${ballot.id}/vote`, { choice: 'against' });
    await delegate.json('PUT', `/api/ballots/${ballot.id}/vote`, { choice: 'for' });
    const late = await errorOf(await substitute.request('PUT', `/api/ballots/${ballot.id}/vote`, { choice: 'against' }));
    expect(late).toMatchObject({ status: 403, code: 'BALLOT_DELEGATE_ALREADY_VOTED' });

    await delegatePordenone.json('PUT', `/api/ballots/${ballot.id}/vote`, { choice: 'against' });
    // A changed vote: Pordenone changes its mind before the deadline.
    await delegatePordenone.json('PUT', `/api/ballots/${ballot.id}/vote`, { choice: 'abstain' });
    await delegateZala.json('PUT', `/api/ballots/${ballot.id}/vote`, { choice: 'for' });

    const seen = await commenter.json<BallotView>('GET', `/api/ballots/${ballot.id}`);
    expect(seen.voted).toBe(3);
    const ptuj = seen.partners.find((partner) => partner.castBy?.memberId === delegate.memberId)!;
    expect(ptuj).toMatchObject({ voted: true, castAs: 'delegate', choice: null });
    // Choices stay with each partner until the close.
    const own = await delegate.json<BallotView>('GET', `/api/ballots/${ballot.id}`);
    expect(own.myPartner).toMatchObject({ choice: 'for', castBy: { memberId: delegate.memberId }, mayCast: true, changedSinceVote: false });
    expect(own.partners.filter((partner) => partner.choice !== null)).toHaveLength(1);
    expect((await sql<{ n: string }>(database.url, `SELECT count(*) AS n FROM ballot_vote WHERE ballot_id = $1`, [ballot.id]))[0].n).toBe('3');
  });

  it('refuses an early close while partners have not voted, and extends only later with a reason', async () => {
    const early = await errorOf(await coordinator.request('POST', `/api/ballots/${ballot.id}/close`, {}));
    expect(early).toMatchObject({ status: 409, code: 'BALLOT_EARLY_CLOSE_NOT_ALLOWED' });
    expect(early.message).toContain('3 of 16');
    expect((await coordinator.request('POST', `/api/ballots/${ballot.id}/extend`, { deadline: inOneDay() })).status).toBe(400);
    expect((await coordinator.request('POST', `/api/ballots/${ballot.id}/extend`, { deadline: new Date(Date.now() + 60_000).toISOString(), reason: 'Earlier' })).status).toBe(400);
    const later = new Date(new Date(ballot.deadline).getTime() + 60 * 60 * 1000).toISOString();
    const extended = await coordinator.json<BallotView>('POST', `/api/ballots/${ballot.id}/extend`, { deadline: later, reason: 'Two partners asked for an hour more' });
    expect(extended.deadline).toBe(later);
    expect(extended.extensions).toEqual([expect.objectContaining({ previousDeadline: ballot.deadline, deadline: later, reason: 'Two partners asked for an hour more' })]);
    expect((await delegate.request('POST', `/api/ballots/${ballot.id}/extend`, { deadline: later, reason: 'x' })).status).toBe(403);

    // Result, outcome statement and verification come after the close, and say so while it is open.
    expect(await errorOf(await coordinator.request('PUT', `/api/ballots/${ballot.id}/outcome`, { statement: 'Too early' }))).toMatchObject({ status: 409, code: 'BALLOT_NOT_CLOSED' });
    expect(await errorOf(await commenter.request('GET', `/api/ballots/${ballot.id}/verify`))).toMatchObject({ status: 409, code: 'BALLOT_NOT_CLOSED' });
  });

  it('closes at the deadline (even one that passed while nobody looked), stores a result that verifies, adopts the recommendation and lifts the freeze', async () => {
    const editorClient = await connect(editor);
    // The deadline passes: moved into the past, as after a restart that missed it.
    await sql(database.url, `UPDATE ballot SET opened_at = now() - interval '2 hours', deadline = now() - interval '1 second' WHERE id = $1`, [ballot.id]);
    await eventually(async () => (await coordinator.json<BallotView>('GET', `/api/ballots/${ballot.id}`)).status === 'closed', 'the closer closes the ballot');
    const closed = await delegate.json<BallotView>('GET', `/api/ballots/${ballot.id}`);
    expect(closed.result).toMatchObject({ tally: { eligible: 16, for: 2, against: 0, abstain: 1 }, accepted: true, closedBy: null, votedChainHash: ballot.votedChainHash });
    expect(closed.result!.decision).toMatchObject({ voted: 3, quorumRequired: 2, quorumMet: true, denominator: 3, forRequired: 2, majorityMet: true });
    expect(closed.partners.filter((partner) => partner.voted).map((partner) => partner.choice).sort()).toEqual(['abstain', 'for', 'for']);
    expect((await coordinator.json<RecommendationSummary>('GET', `/api/recommendations/${documentId}`)).status).toBe('adopted');
    expect(await commenter.json('GET', `/api/ballots/${ballot.id}/verify`)).toMatchObject({ intact: true, accepted: true, recomputedAccepted: true });

    // Votes after the close are refused.
    expect((await errorOf(await delegateZala.request('PUT', `/api/ballots/${ballot.id}/vote`, { choice: 'against' }))).code).toBe('BALLOT_CLOSED');

    // The freeze is lifted: an edit now reaches a fresh reader.
    const refusals = editorClient.permissionDenied.length;
    editorClient.appendParagraph('Edited after the vote.');
    await eventually(async () => (await connect(coordinator)).text().includes('Edited after the vote.'), 'the edit after the vote is applied');
    expect(editorClient.permissionDenied.length).toBe(refusals);

    // A closed ballot is not extended: it says it is closed, whatever the deadline asked for.
    expect(await errorOf(await coordinator.request('POST', `/api/ballots/${ballot.id}/extend`, { deadline: inOneDay(), reason: 'Reopen it' }))).toMatchObject({ status: 409, code: 'BALLOT_CLOSED' });

    const outcome = await coordinator.json<BallotView>('PUT', `/api/ballots/${ballot.id}/outcome`, { statement: 'Adopted with two votes for and one abstention.' });
    expect(outcome.outcomeStatement).toBe('Adopted with two votes for and one abstention.');

    // Tampering is found by verify; the trigger itself refuses updates.
    await expect(sql(database.url, `UPDATE ballot_result SET accepted = false WHERE ballot_id = $1`, [ballot.id])).rejects.toThrow(/immutable/);
  });

  it('puts a free-text motion to the vote and tells partners in their inbox and by mail', async () => {
    const motion = await coordinator.json<BallotView>('POST', '/api/ballots', {
      proposal: 'motion',
      title: 'Hold the closing event in Ptuj',
      motionText: 'The network holds its closing event in Ptuj in October 2022.',
      quorumPercent: 0,
      majority: 'two-thirds',
      abstentions: 'excluded',
      deadline: inOneDay(),
    });
    expect(motion).toMatchObject({ proposal: 'motion', recommendation: null, motionText: 'The network holds its closing event in Ptuj in October 2022.', votedVersion: null });
    await eventually(
      async () => (await sql<{ n: string }>(database.url, `SELECT count(*) AS n FROM notification WHERE ballot_id = $1 AND kind = 'ballot-opened'`, [motion.id]))[0].n === '4',
      'the delegates and the substitute are told',
    );
    await eventually(async () => (await sql<{ n: string }>(database.url, `SELECT count(*) AS n FROM mail_message WHERE subject LIKE 'Ballot opened: Hold the closing event%'`))[0].n !== '0', 'the mail is in the outbox');
    expect((await coordinator.request('PUT', `/api/ballots/${motion.id}/vote`, { choice: 'for' })).status).toBe(403);
    await delegate.json('PUT', `/api/ballots/${motion.id}/vote`, { choice: 'for' });
    const list = await delegate.json<BallotView[]>('GET', '/api/ballots');
    expect(list.find((entry) => entry.id === motion.id)?.myPartner).toMatchObject({ choice: 'for' });
  });

  it('reminds the partners that have not voted, once, when the deadline is near', async () => {
    const motion = await coordinator.json<BallotView>('POST', '/api/ballots', { proposal: 'motion', title: 'Reminder motion', motionText: 'A motion to remind about.', quorumPercent: 0, majority: 'simple', abstentions: 'counted', deadline: new Date(Date.now() + 3 * 24 * 60 * 60 * 1000).toISOString() });
    await delegateZala.json('PUT', `/api/ballots/${motion.id}/vote`, { choice: 'for' });
    // Within BALLOT_REMINDER_HOURS of the deadline: the closer's next round sends the reminders.
    await sql(database.url, `UPDATE ballot SET deadline = now() + interval '23 hours' WHERE id = $1`, [motion.id]);
    const reminded = async () => (await sql<{ email: string }>(database.url, `SELECT m.email FROM notification n JOIN member m ON m.id = n.member_id WHERE n.ballot_id = $1 AND n.kind = 'ballot-reminder' ORDER BY m.email`, [motion.id])).map((row) => row.email);
    await eventually(async () => (await reminded()).length > 0, 'the reminders are sent');
    // Ptuj (delegate and substitute) and Pordenone have not voted; Zala has.
    expect(await reminded()).toEqual(expect.arrayContaining(['delegate.pordenone@demo.accord.example', 'delegate@demo.accord.example', 'substitute@demo.accord.example']));
    expect(await reminded()).not.toContain('delegate.zala@demo.accord.example');
    expect(await reminded()).not.toContain('coordinator@demo.accord.example');
  });

  it('closes a ballot whose deadline passed while no server ran, at the next start', async () => {
    const motion = await coordinator.json<BallotView>('POST', '/api/ballots', { proposal: 'motion', title: 'Missed deadline', motionText: 'Closed after a restart.', quorumPercent: 0, majority: 'simple', abstentions: 'counted', deadline: inOneDay() });
    await server.stop();
    await sql(database.url, `UPDATE ballot SET opened_at = now() - interval '2 days', deadline = now() - interval '1 hour' WHERE id = $1`, [motion.id]);
    // The default interval (15 s) is longer than this test waits: the close comes from the run at start.
    server = await startServer({ databaseUrl: database.url });
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    await eventually(async () => (await coordinator.json<BallotView>('GET', `/api/ballots/${motion.id}`)).status === 'closed', 'the ballot is closed at start', 10_000);
    delegate = await signInAs(server.httpUrl, 'delegate');
  });

  it('answers another network’s and a made-up ballot with 404', async () => {
    expect((await delegate.request('GET', '/api/ballots/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await delegate.request('GET', '/api/ballots/not-a-uuid')).status).toBe(400);
  });
});
