import { StorageState } from '@accord/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signInAs } from '../fixtures/accounts';
import { ConfirmingClient, eventually, StockClient } from '../fixtures/collab-client';
import { listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { TcpProxy } from '../fixtures/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

/** A typist that appends characters to its own paragraph until stopped. */
class Typist {
  typed = '';
  /** Clock units of this client that are not characters of the paragraph (the paragraph itself, its text type). */
  readonly overhead: number;
  private running = true;
  readonly done: Promise<void>;

  constructor(
    readonly client: ConfirmingClient,
    readonly label: string,
  ) {
    const text = client.appendParagraph(`${label}:`);
    this.typed = `${label}:`;
    this.overhead = Y.getState(client.doc.store, client.doc.clientID) - this.typed.length;
    this.done = (async () => {
      let index = 0;
      while (this.running) {
        const character = String.fromCharCode(97 + (index++ % 26));
        text.insert(text.length, character);
        this.typed += character;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
  }

  stop(): Promise<void> {
    this.running = false;
    return this.done;
  }
}

describe('durability', () => {
  let database: TestDatabase;
  let server: ServerProcess | null = null;
  const clients: StockClient[] = [];

  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    clients.splice(0).forEach((client) => client.destroy());
    await server?.stop();
    server = null;
    await database.drop();
  });

  it('keeps every confirmed update when the server is killed with SIGKILL while clients type', async () => {
    server = await startServer({ databaseUrl: database.url });
    const coordinator = await signInAs(server.httpUrl, 'coordinator');
    const token = await coordinator.collabToken();
    const documentId = (await listRecommendations(coordinator))[0].id;
    const writers = [0, 1, 2].map(() => new ConfirmingClient(server!.wsUrl, documentId, token));
    clients.push(...writers);
    await Promise.all(writers.map((writer) => writer.synced()));
    const typists = writers.map((writer, index) => new Typist(writer, `typist-${index}`));

    await Promise.all(writers.map((writer) => writer.waitFor(() => writer.savedClock > 60)));
    await server.kill();
    const confirmed = writers.map((writer) => writer.savedClock);
    await Promise.all(typists.map((typist) => typist.stop()));
    clients.splice(0).forEach((client) => client.destroy());

    server = await startServer({ databaseUrl: database.url });
    const reader = new StockClient(server.wsUrl, documentId, { token });
    clients.push(reader);
    await reader.synced();
    const stored = Y.decodeStateVector(Y.encodeStateVector(reader.doc));
    writers.forEach((writer, index) => {
      expect(stored.get(writer.doc.clientID) ?? 0).toBeGreaterThanOrEqual(confirmed[index]);
      const paragraph = reader.text().split('\n').find((line) => line.startsWith(`typist-${index}:`)) ?? '';
      // The stored paragraph is a prefix of what was typed, at least as long as what was confirmed
      // (every character is one clock unit; the paragraph and its text type took the rest).
      expect(typists[index].typed.startsWith(paragraph)).toBe(true);
      expect(paragraph.length).toBeGreaterThanOrEqual(confirmed[index] - typists[index].overhead);
    });
  });

  it('goes on editing while PostgreSQL is unreachable and stores everything when it is back', async () => {
    const target = new URL(database.url);
    const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    try {
      server = await startServer({ databaseUrl: proxy.rewrite(database.url) });
      const coordinator = await signInAs(server.httpUrl, 'coordinator');
      const token = await coordinator.collabToken();
      const documentId = (await listRecommendations(coordinator))[1].id;
      const alice = new ConfirmingClient(server.wsUrl, documentId, token);
      const bob = new ConfirmingClient(server.wsUrl, documentId, token);
      clients.push(alice, bob);
      await Promise.all([alice.synced(), bob.synced()]);
      alice.appendParagraph('Before the outage');
      await alice.waitFor(() => alice.allSaved);

      await proxy.cut();
      const aliceText = alice.appendParagraph('During the outage, Alice:');
      const bobText = bob.appendParagraph('During the outage, Bob:');
      for (let index = 0; index < 30; index++) {
        aliceText.insert(aliceText.length, 'a');
        bobText.insert(bobText.length, 'b');
      }
      await alice.waitFor(() => alice.storage === StorageState.unavailable);
      expect(alice.allSaved).toBe(false);
      expect((await fetch(`${server.httpUrl}/health`)).status).toBe(503);
      // Collaboration does not stop: each sees the other's edits.
      await eventually(() => alice.text() === bob.text() && alice.text().includes('a'.repeat(30)) && alice.text().includes('b'.repeat(30)), 'clients converge during the outage');

      await proxy.restore();
      await Promise.all([alice, bob].map((client) => client.waitFor(() => client.allSaved && client.storage === StorageState.healthy)));
      const expected = alice.text();
      clients.splice(0).forEach((client) => client.destroy());

      expect(await server.stop()).toBe(0);
      server = await startServer({ databaseUrl: proxy.rewrite(database.url) });
      const reader = new StockClient(server.wsUrl, documentId, { token });
      clients.push(reader);
      await reader.synced();
      expect(reader.text()).toBe(expected);
    } finally {
      await server?.stop();
      server = null;
      await proxy.cut();
    }
  });

  it('pauses a client with 4503 when the outage queue is full, and stores its edits once the database is back', async () => {
    const target = new URL(database.url);
    const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    try {
      server = await startServer({ databaseUrl: proxy.rewrite(database.url), env: { PERSIST_QUEUE_MAX_BYTES: '4096' } });
      const coordinator = await signInAs(server.httpUrl, 'coordinator');
      const token = await coordinator.collabToken();
      const documentId = (await listRecommendations(coordinator))[2].id;
      const writer = new ConfirmingClient(server.wsUrl, documentId, token);
      clients.push(writer);
      await writer.synced();
      const closeCodes: number[] = [];
      writer.provider.on('connection-close', (event: { code: number } | null) => {
        if (event) closeCodes.push(event.code);
      });

      await proxy.cut();
      const text = writer.appendParagraph('Typed into a full queue: ');
      for (let index = 0; index < 400 && !closeCodes.includes(4503); index++) {
        text.insert(text.length, 'q');
        await new Promise((resolve) => setImmediate(resolve));
      }
      await eventually(() => closeCodes.includes(4503), 'the server asks the client to retry');
      expect(writer.allSaved).toBe(false);

      await proxy.restore();
      await writer.waitFor(() => writer.allSaved && writer.storage === StorageState.healthy);
      const expected = writer.text();
      const reader = new StockClient(server.wsUrl, documentId, { token });
      clients.push(reader);
      await reader.synced();
      expect(reader.text()).toBe(expected);
    } finally {
      await server?.stop();
      server = null;
      await proxy.cut();
    }
  });
});
