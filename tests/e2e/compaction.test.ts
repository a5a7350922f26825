import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MemberSession, signInAs } from '../fixtures/accounts';
import { eventually, StockClient } from '../fixtures/collab-client';
import { collabStats, listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('compaction of the update log', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let coordinator: MemberSession;
  let documentId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    // A compaction every 20 updates, and commits at most every second: edits wait in the queue long enough to watch.
    server = await startServer({ databaseUrl: database.url, env: { COMPACT_AFTER_UPDATES: '20', PERSIST_COMMIT_INTERVAL_MS: '1000' } });
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    documentId = (await listRecommendations(coordinator))[0].id;
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('leaves nothing in the log after an unload, also of edits still queued when a compaction started', async () => {
    const client = new StockClient(server.wsUrl, documentId, { token: await coordinator.collabToken() });
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    try {
      await client.synced();
      const text = client.appendParagraph('');
      await eventually(async () => (await collabStats(coordinator)).queuedBytes === 0, 'the paragraph is stored');
      // Past the commit interval: the next edit commits at once.
      await pause(1100);
      // The document's row is locked, so that commit waits: what is typed meanwhile stays queued.
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM document WHERE id = $1 FOR UPDATE', [documentId]);
      for (let i = 0; i < 25; i += 1) text.insert(text.length, 'a');
      await pause(300);
      for (let i = 0; i < 5; i += 1) text.insert(text.length, 'b');
      await pause(300);
      // The waiting commit ends and a compaction starts while the rest of the a's and the b's wait for the next commit.
      await blocker.query('COMMIT');
      await eventually(async () => (await collabStats(coordinator)).queuedBytes === 0, 'every edit is stored');
      client.destroy();
      await eventually(async () => (await collabStats(coordinator)).liveDocuments === 0, 'the document is unloaded');

      const { rows } = await blocker.query<{ logged: string; content: string }>(
        `SELECT (SELECT count(*) FROM document_update WHERE document_id = $1) AS logged, content::text FROM document WHERE id = $1`,
        [documentId],
      );
      // Left in the log, they would be replayed at every opening until the next burst of edits.
      expect(Number(rows[0].logged)).toBe(0);
      expect(rows[0].content).toContain(`${'a'.repeat(25)}${'b'.repeat(5)}`);
    } finally {
      client.destroy();
      await blocker.end();
    }
  });
});
