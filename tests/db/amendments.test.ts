import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOptions } from '../../apps/server/src/database/database-options';
import { DEMO_AMENDMENT_RECOMMENDATION } from '../../apps/server/src/database/seed/demo-amendments';
import { seedDemoNetwork } from '../../apps/server/src/database/seed/demo-seeder';
import { AmendmentsRepository } from '../../apps/server/src/modules/amendments/amendments.repository';
import { verifyChain } from '../../apps/server/src/modules/versions/version-hash';
import { VersionsRepository } from '../../apps/server/src/modules/versions/versions.repository';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

describe('amendments on PostgreSQL with the real migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let amendments: AmendmentsRepository;
  let networkId: string;
  let amendmentId: string;
  let recommendationId: string;
  let coordinator: { memberId: string; displayName: string };

  const rejects = (sql: string, values: unknown[] = []) => expect(dataSource.query(sql, values)).rejects.toThrow();

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(databaseOptions(database.url));
    await dataSource.initialize();
    networkId = await dataSource.transaction((manager) => seedDemoNetwork(manager));
    amendments = new AmendmentsRepository(dataSource);
    [{ id: amendmentId, recommendation_id: recommendationId }] = await dataSource.query(`SELECT id, recommendation_id FROM amendment`);
    [coordinator] = await dataSource.query(`SELECT id AS "memberId", display_name AS "displayName" FROM member WHERE email = 'coordinator@demo.accord.example'`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('seeds one amendment under discussion: its own document, a base version that verifies, two authors, bounds', async () => {
    const row = await amendments.find(networkId, amendmentId);
    expect(row).toMatchObject({ status: 'open', quotedText: 'paid 80% in advance', baseVersion: 1 });
    expect(row!.authors.map((author) => author.displayName)).toEqual(['Pieter Claes', 'Luka Vidmar']);
    expect(row!.boundBefore).toMatchObject({ client: expect.any(Number), clock: expect.any(Number) });
    const [{ kind }] = await dataSource.query(`SELECT kind FROM document WHERE id = $1`, [amendmentId]);
    expect(kind).toBe('amendment');
    const [{ title }] = await dataSource.query(`SELECT title FROM recommendation WHERE id = $1`, [recommendationId]);
    expect(title).toBe(DEMO_AMENDMENT_RECOMMENDATION);
    const chain = await new VersionsRepository(dataSource).chain(recommendationId, 10);
    expect(chain.map((version) => [version.kind, version.eventLabel, version.contentHash])).toEqual([['event', 'amendment proposed', row!.baseHash]]);
    expect(verifyChain(chain).intact).toBe(true);
    expect(await amendments.bounds(amendmentId)).toEqual({ before: row!.boundBefore, after: row!.boundAfter });
    expect(await amendments.bounds(recommendationId)).toBeNull();
  });

  it('holds the states to their rules: a closed one has its reason, an adopted one its version, nothing else', async () => {
    await rejects(`UPDATE amendment SET status = 'withdrawn' WHERE id = $1`, [amendmentId]);
    await rejects(`UPDATE amendment SET status = 'adopted' WHERE id = $1`, [amendmentId]);
    await rejects(`UPDATE amendment SET status = 'merged' WHERE id = $1`, [amendmentId]);
    await rejects(`UPDATE amendment SET title = '' WHERE id = $1`, [amendmentId]);
    // Another network cannot see it; the status moves only from where the caller expects it.
    expect(await amendments.find('00000000-0000-4000-8000-000000000000', amendmentId)).toBeNull();
    expect(await amendments.changeStatus(amendmentId, 'under-vote', 'open', null)).toBeNull();
    expect(await amendments.changeStatus(amendmentId, 'open', 'under-vote', '11111111-1111-4111-8111-111111111111')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await amendments.close(amendmentId, 'withdrawn', coordinator, 'Under vote: too late')).toBe(false);
    expect(await amendments.changeStatus(amendmentId, 'under-vote', 'open', null)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('closes an open amendment once, keeping who and why, even when two close it at the same instant', async () => {
    const results = await Promise.all([amendments.close(amendmentId, 'declined', coordinator, 'No budget.'), amendments.close(amendmentId, 'declined', coordinator, 'No budget, again.')]);
    expect(results.sort()).toEqual([false, true]);
    expect(await amendments.find(networkId, amendmentId)).toMatchObject({ status: 'declined', closedByName: coordinator.displayName, closedReason: expect.stringMatching(/^No budget/) });
  });

  it('records adoptions as versions that name the amendment, which the append-only trigger covers', async () => {
    await rejects(`UPDATE document_version SET amendment_id = $2 WHERE document_id = $1`, [recommendationId, amendmentId]);
    await rejects(
      `INSERT INTO document_version (document_id, number, kind, state, content, content_hash, chain_hash) VALUES ($1, 99, 'amendment-adopted', '\\x00', '{}', repeat('a', 64), repeat('b', 64))`,
      [recommendationId],
    );
  });

  it('takes the amendments and their documents along when the recommendation is deleted', async () => {
    await dataSource.query(`DELETE FROM document WHERE id = $1`, [recommendationId]);
    expect(await dataSource.query(`SELECT id FROM amendment WHERE id = $1`, [amendmentId])).toEqual([]);
    expect(await dataSource.query(`SELECT id FROM document WHERE id = $1`, [amendmentId])).toEqual([]);
  });
});
