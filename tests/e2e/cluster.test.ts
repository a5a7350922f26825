import { CollabCloseCode, DOCUMENT_EVENTS_PARAM, DOCUMENT_EVENTS_VALUE, MessageType, plainCommentBody, readDocumentEvent, type DocumentEvent, type RecommendationSummary } from '@accord/contracts';
import { createThreadAnchor, renderFragment } from '@accord/editor';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type MemberSession, signIn, signInAs, sql } from '../fixtures/accounts';
import { FAST_CLUSTER_ENV, REDIS_URL, RoamingClient, startCluster, storedText, uniqueKeyPrefix } from '../fixtures/cluster';
import { eventually, StockClient } from '../fixtures/collab-client';
import { type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

interface ClusterStats {
  mode: string;
  link: string | null;
  peers: number;
  catchUpRequests: number;
  catchUpAnswers: number;
}

/** A client that asks for document events, as the web editor does. */
class EventClient {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly events: DocumentEvent[] = [];

  constructor(wsUrl: string, documentId: string, token: string) {
    this.provider = new WebsocketProvider(wsUrl, documentId, this.doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: { token, [DOCUMENT_EVENTS_PARAM]: DOCUMENT_EVENTS_VALUE },
    });
    this.provider.messageHandlers[MessageType.documentEvents] = (_encoder, decoder) => {
      const event = readDocumentEvent(decoder as decoding.Decoder);
      if (event) this.events.push(event);
    };
  }

  synced(): Promise<void> {
    if (this.provider.synced) return Promise.resolve();
    return new Promise((resolve) => this.provider.once('sync', () => resolve()));
  }

  /** The anchor of `phrase` in this client's copy, as the editor sends it with a new thread. */
  anchor(phrase: string) {
    const fragment = this.doc.getXmlFragment('default');
    const rendered = renderFragment(fragment);
    let from = -1;
    rendered.doc.descendants((node, pos) => {
      if (from < 0 && node.isText && node.text?.includes(phrase)) from = pos + node.text.indexOf(phrase);
    });
    if (from < 0) throw new Error(`"${phrase}" is not in the text`);
    const anchor = createThreadAnchor(fragment, rendered, from, from + phrase.length);
    const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    return { start: base64(anchor.start), end: base64(anchor.end), quotedText: anchor.quotedText, stateVector: base64(anchor.stateVector) };
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
  }
}

describe('three instances through Redis', () => {
  let database: TestDatabase;
  let instances: ServerProcess[];
  let coordinator: MemberSession;
  let editor: MemberSession;
  let recommendations: RecommendationSummary[];
  const cleanup: Array<{ destroy(): void }> = [];

  const clusterStats = async (instance: ServerProcess): Promise<ClusterStats> => {
    const response = await fetch(`${instance.httpUrl}/api/collab/stats`, { headers: { cookie: coordinator.cookie } });
    return ((await response.json()) as { cluster: ClusterStats }).cluster;
  };
  const draftTitled = (fragment: string) => recommendations.find((recommendation) => recommendation.title.includes(fragment))!;

  beforeAll(async () => {
    database = await createTestDatabase();
    // The periodic re-check is pushed far out: a cut connection proves the change crossed Redis.
    instances = await startCluster(database.url, 3, { REDIS_URL, REDIS_KEY_PREFIX: uniqueKeyPrefix(), COLLAB_ACCESS_RECHECK_MS: '60000', ...FAST_CLUSTER_ENV });
    coordinator = await signInAs(instances[0].httpUrl, 'coordinator');
    editor = await signInAs(instances[0].httpUrl, 'editor');
    recommendations = await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations');
    // Every instance hears the two others before the tests start.
    await eventually(async () => (await Promise.all(instances.map(clusterStats))).every((stats) => stats.link === 'connected' && stats.peers === 2), 'the instances hear each other');
  });

  afterAll(async () => {
    for (const client of cleanup) client.destroy();
    await Promise.all((instances ?? []).map((instance) => instance.stop()));
    await database?.drop();
  });

  it('reports the link on /health', async () => {
    const health = (await (await fetch(`${instances[1].httpUrl}/health`)).json()) as { status: string; info: Record<string, { status: string }> };
    expect(health.status).toBe('ok');
    expect(health.info.redis.status).toBe('up');
  });

  it('converges clients spread over the instances, text and carets', async () => {
    const document = recommendations[0];
    const clients = await Promise.all(
      Array.from({ length: 6 }, async (_, index) => {
        const client = new StockClient(instances[index % 3].wsUrl, document.id, { token: await editor.collabToken() });
        cleanup.push(client);
        await client.synced();
        return client;
      }),
    );
    clients.forEach((client, index) => client.appendParagraph(`Line from client ${index} on instance ${index % 3}`));
    await eventually(() => clients.every((client) => clients.every((_, index) => client.text().includes(`Line from client ${index} on`))), 'every line reaches every client');
    const texts = new Set(clients.map((client) => client.text()));
    expect(texts.size).toBe(1);

    // A caret set on the first instance is seen on the third.
    clients[0].provider.awareness.setLocalStateField('cursor', { anchor: 3, head: 5 });
    await eventually(() => (clients[2].provider.awareness.getStates().get(clients[0].doc.clientID)?.cursor as { head?: number } | undefined)?.head === 5, 'the caret crosses instances');
    // Stored once, by the instance that received each line.
    await eventually(async () => (await storedText(database.url, document.id)).includes('Line from client 5 on'), 'the lines are stored');
    const rows = await sql<{ count: string }>(database.url, `SELECT count(*) FROM document_update WHERE document_id = $1 AND position('Line from client'::bytea IN data) > 0`, [document.id]);
    expect(Number(rows[0].count)).toBe(6);
  });

  it('catches up an instance once per document, not once per client: 51 clients over 3 instances', async () => {
    const document = draftTitled('Town twinning');
    const before = await Promise.all(instances.map(clusterStats));
    const clients = await Promise.all(
      Array.from({ length: 51 }, async (_, index) => {
        const client = new StockClient(instances[index % 3].wsUrl, document.id, { token: await coordinator.collabToken() });
        cleanup.push(client);
        await client.synced();
        return client;
      }),
    );
    clients[50].appendParagraph('Written by the fifty-first');
    await eventually(() => clients.every((client) => client.text().includes('Written by the fifty-first')), 'the edit reaches all 51 clients').catch((error: Error) => {
      const missing = clients.flatMap((client, index) => (client.text().includes('Written by the fifty-first') ? [] : [`${index}@${index % 3}:${client.provider.wsconnected}`]));
      throw new Error(`${error.message}; missing on ${missing.join(' ')}`);
    });
    const after = await Promise.all(instances.map(clusterStats));
    const requests = after.reduce((total, stats, index) => total + stats.catchUpRequests - before[index].catchUpRequests, 0);
    const answers = after.reduce((total, stats, index) => total + stats.catchUpAnswers - before[index].catchUpAnswers, 0);
    // One request per instance that opened the document, each answered by at most the two others.
    expect(requests).toBeLessThanOrEqual(3);
    expect(answers).toBeLessThanOrEqual(6);
  });

  it('shows a comment made through one instance to an editor connected to another', async () => {
    const document = draftTitled('micro-grants');
    const watcher = new EventClient(instances[2].wsUrl, document.id, await editor.collabToken());
    cleanup.push(watcher);
    await watcher.synced();
    const phrase = watcher.doc.getXmlFragment('default').toString().replace(/<[^>]+>/g, ' ').split(/\s+/).filter((word) => word.length > 6)[0];
    const response = await editor.request('POST', `/api/recommendations/${document.id}/threads`, { anchor: watcher.anchor(phrase), body: plainCommentBody('Asked on instance one'), stance: 'for' });
    expect(response.status).toBe(201);
    await eventually(() => watcher.events.some((event) => event.kind === 'comment-thread' && event.thread.comments.some((comment) => JSON.stringify(comment.body).includes('Asked on instance one'))), 'the thread event reaches the third instance');
  });

  it('cuts the connection on another instance when a member is removed through one', async () => {
    const giulia = await signIn(instances[0].httpUrl, 'editor.pordenone@demo.accord.example', 'demo-editor-pordenone');
    const document = recommendations.find((recommendation) => recommendation.status === 'draft')!;
    const connection = new StockClient(instances[1].wsUrl, document.id, { token: await giulia.collabToken() });
    cleanup.push(connection);
    await connection.synced();
    const closes: number[] = [];
    connection.provider.on('connection-close', (event: { code: number } | null) => event && closes.push(event.code));
    expect((await coordinator.request('DELETE', `/api/network/members/${giulia.memberId}`)).status).toBe(204);
    await eventually(() => closes.includes(CollabCloseCode.forbidden), 'the removed member is disconnected on the second instance with 4403');
  });

  it('keeps presence and edits of a client that moves to another instance', async () => {
    const document = recommendations[1];
    const roaming = new RoamingClient(instances[0].wsUrl, document.id, () => editor.collabToken(), await editor.collabToken());
    cleanup.push(roaming);
    await roaming.synced();
    roaming.appendParagraph('Typed before moving');
    await roaming.waitFor(() => roaming.allSaved);
    await roaming.moveTo(instances[2].wsUrl);
    roaming.appendParagraph('Typed after moving');
    await roaming.waitFor(() => roaming.allSaved);
    const stored = await storedText(database.url, document.id);
    expect(stored).toContain('Typed before moving');
    expect(stored).toContain('Typed after moving');
  });
});
