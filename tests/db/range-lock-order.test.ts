import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../apps/server/src/database/database-options';
import { seedDemoNetwork } from '../../apps/server/src/database/seed/demo-seeder';
import { UpdateLogRepository } from '../../apps/server/src/modules/collab/update-log.repository';
import { type DocumentRange, VersionsRepository } from '../../apps/server/src/modules/versions/versions.repository';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

/**
 * The update log's group commit and the authorship flush both lock several documents' rows. Run
 * side by side with the documents in opposite orders, as a busy server runs them, neither may
 * deadlock: a deadlock costs PostgreSQL's deadlock_timeout (a second by default) and fails a commit,
 * and every editor's "saved" waits that long.
 */
describe('the update log and the authorship ranges lock documents in one order', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let documentIds: string[];
  const writerId = randomUUID();
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    const options = databaseOptions(database.url);
    // Deadlocks are found after 20 ms rather than a second.
    dataSource = new DataSource({ ...options, extra: { ...options.extra, options: '-c deadlock_timeout=20ms' } });
    await dataSource.initialize();
    await dataSource.transaction((manager) => seedDemoNetwork(manager));
    // Many documents per statement widen the window in which two statements interleave.
    await dataSource.query(`INSERT INTO document (network_id, kind) SELECT id, 'recommendation' FROM network, generate_series(1, 300)`);
    documentIds = (await dataSource.query(`SELECT id FROM document ORDER BY id`)).map((row: { id: string }) => row.id);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('stores 20 rounds of both, three of each at once, in shuffled document orders, without a deadlock', async () => {
    expect(documentIds.length).toBeGreaterThanOrEqual(300);
    const log = new UpdateLogRepository(dataSource);
    const versions = new VersionsRepository(dataSource);
    const [{ memberId }] = await dataSource.query(`SELECT id AS "memberId" FROM member LIMIT 1`);
    const failures: unknown[] = [];
    for (let round = 0; round < 20; round++) {
      const rangesFor = (client: number): DocumentRange[] =>
        shuffled(documentIds).map((documentId, index) => ({ documentId, action: 'insert', client, start: index, end: index + 1, memberId }));
      const results = await Promise.allSettled([
        ...[0, 1, 2].map(() => log.append(writerId, shuffled(documentIds).map((documentId) => ({ documentId, data: new Uint8Array([0, 0]), seq: ++seq })))),
        ...[0, 1, 2].map((batch) => versions.recordRangeBatch(rangesFor(1000 + round * 3 + batch))),
      ]);
      failures.push(...results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason));
    }
    expect(failures.map(String)).toEqual([]);
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM text_range_authorship WHERE client_id >= 1000`);
    expect(count).toBe(20 * 3 * documentIds.length);
  });
});

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
