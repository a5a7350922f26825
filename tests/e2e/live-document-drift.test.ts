import { CollabCloseCode } from '@accord/contracts';
import { MAX_NESTING_DEPTH } from '@accord/editor';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { type MemberSession, signInAs, sql } from '../fixtures/accounts';
import { closed, eventually, rawSocket, StockClient } from '../fixtures/collab-client';
import { collabStats, listRecommendations } from '../fixtures/demo-documents';
import { mutateUpdate, nestedQuotes, seededRandom, TipTapShapedEditor } from '../fixtures/mutated-updates';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** What a reader sees and what a reload must give back: the state vector's bytes and the text. */
function snapshot(client: StockClient): { stateVector: string; text: string } {
  return { stateVector: Buffer.from(Y.encodeStateVector(client.doc)).toString('hex'), text: client.doc.getXmlFragment('default').toString() };
}

describe('the live document never drifts from storage', () => {
  let database: TestDatabase;
  let server: ServerProcess | null = null;
  let coordinator: MemberSession;
  let token: string;
  let documentId: string;
  const clients: StockClient[] = [];
  const reader = async () => {
    const client = new StockClient(server!.wsUrl, documentId, { token });
    clients.push(client);
    await client.synced();
    return client;
  };

  beforeEach(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    token = await coordinator.collabToken();
    documentId = (await listRecommendations(coordinator))[0].id;
  });

  afterEach(async () => {
    clients.splice(0).forEach((client) => client.destroy());
    await server?.stop();
    server = null;
    await database.drop();
  });

  /**
   * Honest edits, each followed by corrupted copies of it. Every corrupted update goes on a socket
   * of its own, followed by a sync step 1: the step 2 answer says it was applied, a close that it was refused.
   */
  async function corruptedStream(watcher: StockClient, seed: number, rounds: number): Promise<{ sent: number; refused: number }> {
    const random = seededRandom(seed);
    const editor = new TipTapShapedEditor(random);
    const honestSocket = await rawSocket(`${server!.wsUrl}/${documentId}?token=${token}`);
    let sent = 0;
    let refused = 0;
    try {
      for (let round = 0; round < rounds; round++) {
        editor.receive(Y.encodeStateAsUpdate(watcher.doc, Y.encodeStateVector(editor.doc)));
        const honest = editor.edit();
        for (const update of honest) honestSocket.send(syncUpdateFrame(update));
        sent += honest.length;
        for (let attempt = 0; attempt < 3 && honest.length > 0; attempt++) {
          const socket = await rawSocket(`${server!.wsUrl}/${documentId}?token=${token}`);
          const fate = new Promise<'applied' | 'refused'>((resolve) => {
            socket.on('message', (data: Buffer) => data[0] === 0 && data[1] === 1 && resolve('applied'));
            socket.once('close', () => resolve('refused'));
          });
          socket.send(syncUpdateFrame(mutateUpdate(honest[Math.floor(random() * honest.length)], random)));
          socket.send(Uint8Array.of(0, 0, 1, 0));
          sent++;
          if ((await fate) === 'refused') refused++;
          socket.close();
        }
      }
    } finally {
      honestSocket.close();
      editor.doc.destroy();
    }
    return { sent, refused };
  }

  it('reloads what a fresh client read before a restart, byte for byte, after a stream of corrupted updates (SIGKILL and SIGTERM)', async () => {
    let watcher = await reader();
    for (const [seed, restart] of [
      [1, () => server!.kill()],
      [2, () => server!.stop().then(() => undefined)],
    ] as const) {
      const { refused } = await corruptedStream(watcher, seed, 120);
      expect(refused).toBeGreaterThan(10);
      const fresh = await reader();
      // Clients connected all along hold exactly what a late joiner gets.
      await eventually(() => snapshot(watcher).stateVector === snapshot(fresh).stateVector, 'the watcher has every accepted update');
      expect(snapshot(watcher)).toEqual(snapshot(fresh));
      const before = snapshot(fresh);
      await eventually(async () => (await collabStats(coordinator)).queuedBytes === 0, 'every accepted update is stored');

      clients.splice(0).forEach((client) => client.destroy());
      await restart();
      server = await startServer({ databaseUrl: database.url });
      coordinator = await signInAs(server.httpUrl, 'coordinator');
      token = await coordinator.collabToken();
      expect(snapshot(await reader())).toEqual(before);
      clients.splice(0).forEach((client) => client.destroy());
      await eventually(async () => (await collabStats(coordinator)).liveDocuments === 0, 'the document is unloaded and compacted');
      expect(snapshot(await reader())).toEqual(before);
      watcher = await reader();
    }
  });

  it(`refuses ${2000} nested block quotes with 4422 and a reason; the document stays loadable and compactable`, async () => {
    const poison = nestedQuotes(2000);
    const socket = await rawSocket(`${server!.wsUrl}/${documentId}?token=${token}`);
    const closing = closed(socket);
    socket.send(syncUpdateFrame(poison));
    const { code, reason } = await closing;
    expect(code).toBe(CollabCloseCode.invalidUpdate);
    expect(reason).toContain(`nested deeper than ${MAX_NESTING_DEPTH} levels`);

    const editor = await reader();
    editor.appendParagraph('Still editable after the refusal');
    // Large enough that its fold runs in the worker thread (FOLD_INLINE_MAX_BYTES).
    editor.appendParagraph('long '.repeat(20_000));
    await eventually(async () => (await collabStats(coordinator)).queuedBytes === 0, 'the edit is stored');
    clients.splice(0).forEach((client) => client.destroy());
    await eventually(async () => (await collabStats(coordinator)).liveDocuments === 0, 'the document is unloaded');
    const stats = await collabStats(coordinator);
    expect(stats.compactionFailures).toBe(0);
    const [row] = await sql<{ logged: string; content: string }>(database.url, `SELECT (SELECT count(*) FROM document_update WHERE document_id = $1) AS logged, content::text FROM document WHERE id = $1`, [documentId]);
    expect(Number(row.logged)).toBe(0);
    expect(row.content).toContain('Still editable after the refusal');
    expect(row.content).toContain('long long');
  });

  it('shows a failed compaction in /api/collab/stats and logs it at error level with the document and the reason', async () => {
    // A log written before the check existed: the poison is already stored.
    // 20,000 levels: over FOLD_INLINE_MAX_BYTES, so the fold that fails is the worker thread's (its stack is deeper).
    await sql(database.url, `INSERT INTO document_update (document_id, data) VALUES ($1, $2)`, [documentId, Buffer.from(nestedQuotes(20_000))]);
    const visitor = await reader();
    expect(visitor.doc.getXmlFragment('default').length).toBeGreaterThan(0);
    clients.splice(0).forEach((client) => client.destroy());
    await eventually(async () => (await collabStats(coordinator)).compactionFailures > 0, 'the compaction failure is counted');
    const stats = await collabStats(coordinator);
    expect(stats.lastCompactionError).toContain(documentId);
    expect(stats.lastCompactionError).toContain('Maximum call stack size exceeded');
    const line = server!
      .output()
      .split('\n')
      .filter((text) => text.startsWith('{'))
      .map((text) => JSON.parse(text) as { level: number; msg: string; documentId?: string; reason?: string })
      .find((entry) => entry.msg === 'Compaction failed; the update log is kept');
    expect(line).toMatchObject({ level: 50, documentId });
    expect(line?.reason).toContain('Maximum call stack size exceeded');
  });
});
