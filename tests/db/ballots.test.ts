import 'reflect-metadata';
import { decideBallot, tallyOf, type BallotRule } from '@accord/contracts';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOptions } from '../../apps/server/src/database/database-options';
import { seedDemoNetwork } from '../../apps/server/src/database/seed/demo-seeder';
import { motionHashOf, resultHashOf, type ResultRecord } from '../../apps/server/src/modules/ballots/ballot-result-hash';
import { BallotsRepository, type BallotRow, type VoteRow } from '../../apps/server/src/modules/ballots/ballots.repository';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const RULE: BallotRule = { quorumPercent: 10, majority: 'simple', abstentions: 'counted' };

describe('ballots on PostgreSQL with the real migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let ballots: BallotsRepository;
  let networkId: string;
  let partnerIds: string[];
  const members = new Map<string, { id: string; partnerId: string; name: string }>();

  async function openMotion(title: string, deadline = new Date(Date.now() + 60 * 60 * 1000)): Promise<string> {
    return ballots.transaction((manager) =>
      ballots.insert(manager, {
        networkId,
        proposal: 'motion',
        documentId: null,
        amendmentId: null,
        amendmentDocumentId: null,
        title,
        motionText: title,
        rule: RULE,
        eligiblePartnerIds: partnerIds,
        openedBy: null as unknown as string,
        deadline,
        votedVersion: null,
        votedContentHash: motionHashOf(title),
        votedChainHash: motionHashOf(title),
      }),
    );
  }

  const decide = (ballot: BallotRow, votes: VoteRow[], closedAt: Date, names: ReadonlyMap<string, string>): ResultRecord & { resultHash: string } => {
    const tally = tallyOf(ballot.eligiblePartnerIds.length, votes.map((vote) => vote.choice));
    const record: ResultRecord = {
      ballotId: ballot.id,
      rule: RULE,
      eligiblePartnerIds: ballot.eligiblePartnerIds,
      votes: votes.map((vote) => ({ partnerId: vote.partnerId, partnerName: names.get(vote.partnerId) ?? '', choice: vote.choice, castBy: vote.castBy, castByName: vote.castByName, castAs: vote.castAs, castAt: vote.castAt.toISOString() })),
      tally,
      accepted: decideBallot(RULE, tally).accepted,
      votedChainHash: ballot.votedChainHash,
      closedAt: closedAt.toISOString(),
    };
    return { ...record, resultHash: resultHashOf(record) };
  };

  const cast = (ballotId: string, who: string, choice: 'for' | 'against' | 'abstain', castAs: 'delegate' | 'substitute') => {
    const member = members.get(who)!;
    return ballots.cast(ballotId, { partnerId: member.partnerId, choice, castBy: member.id, castByName: member.name, castAs, seenHash: motionHashOf('seen') });
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(databaseOptions(database.url));
    await dataSource.initialize();
    await dataSource.transaction((manager) => seedDemoNetwork(manager));
    ballots = new BallotsRepository(dataSource);
    [{ id: networkId }] = await dataSource.query(`SELECT id FROM network LIMIT 1`);
    partnerIds = (await ballots.partners(networkId)).map((partner) => partner.id);
    for (const row of (await dataSource.query(`SELECT id, partner_id, display_name, email FROM member`)) as { id: string; partner_id: string; display_name: string; email: string }[]) {
      members.set(row.email, { id: row.id, partnerId: row.partner_id, name: row.display_name });
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('seeds an open ballot (its text frozen) and a closed one whose stored result recomputes', async () => {
    const rows: { id: string; status: string; documentId: string }[] = await dataSource.query(`SELECT id, status, document_id AS "documentId" FROM ballot ORDER BY status`);
    expect(rows.map((row) => row.status)).toEqual(['closed', 'open']);
    expect(await ballots.frozenUntil(rows[1].documentId)).toBeInstanceOf(Date);
    const closed = (await ballots.find(rows[0].id))!;
    const result = (await ballots.result(closed.id))!;
    expect(result.tally).toEqual({ eligible: 16, for: 7, against: 1, abstain: 2 });
    expect(result.accepted).toBe(true);
    const record: ResultRecord = { ballotId: closed.id, rule: result.rule, eligiblePartnerIds: closed.eligiblePartnerIds, votes: result.votes, tally: result.tally, accepted: result.accepted, votedChainHash: result.votedChainHash, closedAt: result.closedAt.toISOString() };
    expect(resultHashOf(record)).toBe(result.resultHash);
    const [version] = await dataSource.query(`SELECT kind, chain_hash FROM document_version WHERE document_id = $1 AND number = $2`, [closed.documentId, closed.votedVersion]);
    expect(version).toEqual({ kind: 'ballot-opened', chain_hash: closed.votedChainHash });
  });

  it('counts one vote per partner when its delegate and substitute send many votes at the same instant', async () => {
    const ballotId = await openMotion('Concurrent casting');
    const attempts = Array.from({ length: 40 }, (_, index) =>
      cast(ballotId, index % 2 === 0 ? 'delegate@demo.accord.example' : 'substitute@demo.accord.example', index % 3 === 0 ? 'for' : 'against', index % 2 === 0 ? 'delegate' : 'substitute'),
    );
    const outcomes = await Promise.all(attempts);
    const rows: { partner_id: string; cast_as: string; changes: number }[] = await dataSource.query(`SELECT partner_id, cast_as, changes FROM ballot_vote WHERE ballot_id = $1`, [ballotId]);
    expect(rows).toHaveLength(1);
    expect(rows[0].partner_id).toBe(members.get('delegate@demo.accord.example')!.partnerId);
    // Every attempt either wrote the one row or was refused because the delegate's vote stood.
    expect(outcomes.filter((outcome) => outcome === 'cast').length + outcomes.filter((outcome) => outcome === 'delegate-voted').length).toBe(40);
    expect(outcomes.filter((outcome) => outcome === 'cast')).toHaveLength(rows[0].changes + 1);
    // Once the delegate voted, the substitute never wins again.
    if (rows[0].cast_as === 'delegate') expect(await cast(ballotId, 'substitute@demo.accord.example', 'abstain', 'substitute')).toBe('delegate-voted');
  });

  it('keeps a changed vote as the one counted vote, with the change counted', async () => {
    const ballotId = await openMotion('A changed vote');
    expect(await cast(ballotId, 'delegate.pordenone@demo.accord.example', 'against', 'delegate')).toBe('cast');
    expect(await cast(ballotId, 'delegate.pordenone@demo.accord.example', 'for', 'delegate')).toBe('cast');
    const votes = (await ballots.votes([ballotId])).get(ballotId)!;
    expect(votes).toHaveLength(1);
    expect(votes[0]).toMatchObject({ choice: 'for', changes: 1, castAs: 'delegate' });
  });

  it('refuses casting after the deadline and after the close', async () => {
    const ballotId = await openMotion('Late votes');
    await dataSource.query(`UPDATE ballot SET opened_at = now() - interval '2 hours', deadline = now() - interval '1 second' WHERE id = $1`, [ballotId]);
    expect(await cast(ballotId, 'delegate.zala@demo.accord.example', 'for', 'delegate')).toBe('closed');
  });

  it('stores the result once; the trigger refuses to change or delete it', async () => {
    const ballotId = await openMotion('An immutable result');
    await cast(ballotId, 'delegate@demo.accord.example', 'for', 'delegate');
    await cast(ballotId, 'delegate.zala@demo.accord.example', 'abstain', 'delegate');
    const closed = await ballots.close(ballotId, null, decide, () => undefined);
    expect(closed?.result.tally).toEqual({ eligible: 16, for: 1, against: 0, abstain: 1 });
    expect(closed?.result.accepted).toBe(false);
    expect(await ballots.close(ballotId, null, decide, () => undefined)).toBeNull();
    await expect(dataSource.query(`UPDATE ballot_result SET accepted = true WHERE ballot_id = $1`, [ballotId])).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`UPDATE ballot_result SET votes = '[]' WHERE ballot_id = $1`, [ballotId])).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`DELETE FROM ballot_result WHERE ballot_id = $1`, [ballotId])).rejects.toThrow(/immutable/);
    const stored = await ballots.result(ballotId);
    expect(stored?.accepted).toBe(false);
    expect(stored?.resultHash).toBe(closed?.result.resultHash);
  });

  it('runs the deadline closer on one instance at a time, and closes each due ballot once across two instances', async () => {
    const due = await Promise.all([openMotion('Due one'), openMotion('Due two'), openMotion('Due three')]);
    await dataSource.query(`UPDATE ballot SET opened_at = now() - interval '2 hours', deadline = now() - interval '1 second' WHERE id = ANY($1::uuid[])`, [due]);
    const second = new DataSource(databaseOptions(database.url));
    await second.initialize();
    try {
      const instances = [ballots, new BallotsRepository(second)];
      const ran: boolean[] = [];
      let closedCount = 0;
      let inside = 0;
      let overlapped = false;
      // Each instance runs the closer's round: take the lock, close what is due.
      const round = (repository: BallotsRepository) =>
        repository.asTheOnlyCloser(async () => {
          inside++;
          if (inside > 1) overlapped = true;
          for (const id of await repository.dueIds()) if (due.includes(id) && (await repository.close(id, null, decide, () => undefined))) closedCount++;
          inside--;
        });
      for (let attempt = 0; attempt < 5; attempt++) ran.push(...(await Promise.all(instances.map(round))));
      expect(overlapped).toBe(false);
      expect(ran.some(Boolean)).toBe(true);
      expect(closedCount).toBe(3);
      const results: { n: string }[] = await dataSource.query(`SELECT count(*) AS n FROM ballot_result WHERE ballot_id = ANY($1::uuid[])`, [due]);
      expect(results[0].n).toBe('3');
    } finally {
      await second.destroy();
    }
  });

  it('claims each reminder once, whichever instance asks', async () => {
    const soon = await openMotion('Closing soon', new Date(Date.now() + 60 * 60 * 1000));
    const [first, again] = await Promise.all([ballots.claimReminders(24), ballots.claimReminders(24)]);
    expect([...first, ...again].filter((id) => id === soon)).toHaveLength(1);
  });

  it('holds one open ballot per recommendation', async () => {
    const [{ id: documentId }] = await dataSource.query(`SELECT id FROM recommendation LIMIT 1`);
    const open = () =>
      ballots.transaction((manager) =>
        ballots.insert(manager, {
          networkId,
          proposal: 'adopt-recommendation',
          documentId,
          amendmentId: null,
          amendmentDocumentId: null,
          title: 'Twice',
          motionText: null,
          rule: RULE,
          eligiblePartnerIds: partnerIds,
          openedBy: null as unknown as string,
          deadline: new Date(Date.now() + 60_000),
          votedVersion: null,
          votedContentHash: motionHashOf('x'),
          votedChainHash: motionHashOf('x'),
        }),
      );
    const outcomes = await Promise.allSettled([open(), open()]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(await ballots.frozenUntil(documentId)).toBeInstanceOf(Date);
  });
});
