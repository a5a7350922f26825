import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type MemberSession, signInAs } from '../fixtures/accounts';
import { ConfirmingClient, eventually, StockClient } from '../fixtures/collab-client';
import { collabStats, listRecommendations } from '../fixtures/demo-documents';
import { runUntilExit, startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

describe('live sync over real websockets', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let documentId: string;
  let coordinator: MemberSession;
  let token: string;
  const clients: StockClient[] = [];
  const client = (Kind: typeof StockClient | typeof ConfirmingClient = StockClient) => {
    const created = Kind === ConfirmingClient ? new ConfirmingClient(server.wsUrl, documentId, token) : new StockClient(server.wsUrl, documentId, { token });
    clients.push(created);
    return created;
  };
  const closeClients = () => clients.splice(0).forEach((created) => created.destroy());

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    token = await coordinator.collabToken();
    documentId = (await listRecommendations(coordinator)).find((recommendation) => recommendation.status === 'draft')!.id;
  });

  afterAll(async () => {
    closeClients();
    await server?.stop();
    await database?.drop();
  });

  it('serves the seeded demo network, health and the OpenAPI document', async () => {
    const recommendations = await listRecommendations(coordinator);
    expect(recommendations.map((recommendation) => recommendation.status)).toEqual(expect.arrayContaining(['draft', 'in_review', 'voting', 'adopted', 'published']));
    expect((await fetch(`${server.httpUrl}/health`)).status).toBe(200);
    const openApi = (await (await fetch(`${server.httpUrl}/api/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openApi.paths)).toEqual(expect.arrayContaining(['/api/recommendations', '/api/recommendations/{id}', '/health']));
    const missing = await coordinator.request('GET', '/api/recommendations/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'RECOMMENDATION_NOT_FOUND' });
  });

  it('gives a stock y-websocket client the stored text on first sync', async () => {
    const reader = client();
    await reader.synced();
    expect(reader.text()).toContain('Small groups of residents');
    closeClients();
  });

  it('makes two clients converge and gives a late joiner the full state', async () => {
    const alice = client();
    const bob = client();
    await Promise.all([alice.synced(), bob.synced()]);
    const aliceText = alice.appendParagraph('Alice: ');
    const bobText = bob.appendParagraph('Bob: ');
    for (let index = 0; index < 20; index++) {
      aliceText.insert(aliceText.length, 'a');
      bobText.insert(bobText.length, 'b');
    }
    await eventually(() => alice.text() === bob.text() && alice.text().includes('b'.repeat(20)) && bob.text().includes('a'.repeat(20)), 'both clients see both texts');
    expect(Y.encodeStateVector(alice.doc)).toEqual(Y.encodeStateVector(bob.doc));

    const late = client();
    await late.synced();
    expect(late.text()).toBe(alice.text());
    closeClients();
  });

  it('confirms saved edits to a client that asks, and never to a stock client', async () => {
    const writer = client(ConfirmingClient) as ConfirmingClient;
    const stock = client();
    const received: number[] = [];
    stock.provider.on('status', () => undefined);
    stock.provider.messageHandlers[7] = () => received.push(7);
    await Promise.all([writer.synced(), stock.synced()]);
    const text = writer.appendParagraph('Saved? ');
    for (let index = 0; index < 10; index++) text.insert(text.length, 'x');
    await writer.waitFor(() => writer.allSaved);
    expect(writer.savedClock).toBe(writer.localClock);
    await eventually(() => stock.text().includes('Saved? xxxxxxxxxx'), 'the stock client received the edits');
    expect(received).toEqual([]);
    closeClients();
  });

  it('unloads a document after its last client leaves, and reloads it intact', async () => {
    const writer = client(ConfirmingClient) as ConfirmingClient;
    await writer.synced();
    writer.appendParagraph('Before unload');
    await writer.waitFor(() => writer.allSaved);
    const expected = writer.text();
    expect((await collabStats(coordinator)).liveDocuments).toBe(1);
    closeClients();
    await eventually(async () => (await collabStats(coordinator)).liveDocuments === 0, 'the document is unloaded');
    expect(await collabStats(coordinator)).toMatchObject({ liveDocuments: 0, connections: 0, queuedBytes: 0 });

    const reader = client();
    await reader.synced();
    expect(reader.text()).toBe(expected);
    closeClients();
  });

  it('keeps the text across a restart', async () => {
    const writer = client(ConfirmingClient) as ConfirmingClient;
    await writer.synced();
    writer.appendParagraph('Written just before a restart');
    await writer.waitFor(() => writer.allSaved);
    const expected = writer.text();
    closeClients();
    expect(await server.stop()).toBe(0);
    server = await startServer({ databaseUrl: database.url, port: server.port });
    // Sessions and tokens live in PostgreSQL: they outlast the restart.
    const reader = client();
    await reader.synced();
    expect(reader.text()).toBe(expected);
    closeClients();
  });

  it('refuses to start on a bad configuration value and names it', async () => {
    const result = await runUntilExit({ DATABASE_URL: database.url, PORT: 'eighty', COLLAB_MAX_MESSAGE_BYTES: '12' });
    expect(result.code).toBe(1);
    expect(result.output).toContain('PORT="eighty"');
    expect(result.output).toContain('COLLAB_MAX_MESSAGE_BYTES="12"');
  });
});
