import { DOCUMENT_EVENTS_PARAM, DOCUMENT_EVENTS_VALUE, MessageType, readDocumentBusEvent, type AmendmentDetail, type DocumentBusEvent, type RecommendationSummary } from '@accord/contracts';
import type * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MemberSession, signInAs } from '../fixtures/accounts';
import { eventually, StockClient } from '../fixtures/collab-client';
import { anchorOf } from '../fixtures/passages';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const TWINNING = 'Town twinning 2.0: year-round exchanges for young people';

/** A client on the recommendation's text that records its document events (type 8), as the web editor asks for them, or not. */
class EventsClient extends StockClient {
  readonly events: DocumentBusEvent[] = [];
  rawEventMessages = 0;

  constructor(wsUrl: string, documentId: string, token: string, asksForEvents: boolean) {
    super(wsUrl, documentId, { token, connect: false });
    if (asksForEvents) this.provider.params[DOCUMENT_EVENTS_PARAM] = DOCUMENT_EVENTS_VALUE;
    this.provider.messageHandlers[MessageType.documentEvents] = (_encoder, decoder) => {
      this.rawEventMessages++;
      const event = readDocumentBusEvent(decoder as decoding.Decoder);
      if (event) this.events.push(event);
    };
    this.provider.connect();
  }

  amendmentNews(): string[] {
    return this.events.flatMap((event) => (event.kind === 'amendment' ? [`${event.action} ${event.amendmentId}`] : []));
  }
}

describe('the editors of a recommendation follow its amendments live', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let coordinator: MemberSession;
  let commenter: MemberSession;
  let recommendationId: string;
  const clients: StockClient[] = [];

  async function connect(session: MemberSession, asksForEvents = true): Promise<EventsClient> {
    const client = new EventsClient(server.wsUrl, recommendationId, await session.collabToken(), asksForEvents);
    clients.push(client);
    await client.synced();
    return client;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    commenter = await signInAs(server.httpUrl, 'commenter');
    recommendationId = (await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations')).find((recommendation) => recommendation.title === TWINNING)!.id;
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.stop();
    await database?.drop();
  });

  it('tells every open editor when an amendment is proposed, withdrawn or declined; a stock client hears nothing', async () => {
    const watcher = await connect(coordinator);
    const stock = await connect(commenter, false);
    const propose = (phrase: string, title: string) =>
      commenter.json<AmendmentDetail>('POST', `/api/recommendations/${recommendationId}/amendments`, { title, reason: 'The passage needs it.', anchor: anchorOf(stock, phrase) });

    const first = await propose('one weekend a year', 'More weekends');
    await eventually(() => watcher.amendmentNews().includes(`proposed ${first.id}`), 'the watcher hears of the proposal');
    const second = await propose('the same twenty people', 'More people');
    await commenter.json<AmendmentDetail>('POST', `/api/amendments/${second.id}/withdraw`, { reason: 'Merged into the first.' });
    await coordinator.json<AmendmentDetail>('POST', `/api/amendments/${first.id}/decline`, { reason: 'Out of scope for this edition.' });
    await eventually(() => watcher.amendmentNews().length === 4, 'the watcher hears all four changes');
    expect(watcher.amendmentNews()).toEqual([`proposed ${first.id}`, `proposed ${second.id}`, `withdrawn ${second.id}`, `declined ${first.id}`]);
    // A refused change is no news: the next news is the next real change.
    expect((await commenter.request('POST', `/api/amendments/${first.id}/withdraw`, { reason: 'Too late now.' })).status).toBe(409);
    const third = await propose('one weekend a year', 'Every season');
    await eventually(() => watcher.amendmentNews().length >= 5, 'the watcher hears of the third proposal');
    expect(watcher.amendmentNews().slice(4)).toEqual([`proposed ${third.id}`]);
    expect(stock.rawEventMessages).toBe(0);
  });
});
