import { CollabCloseCode, type AmendmentDetail, type AmendmentDiff, type AmendmentPreview, type AmendmentSummary, type RecommendationSummary } from '@accord/contracts';
import { createThreadAnchor, renderFragment } from '@accord/editor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type MemberSession, seedOtherNetwork, signIn, signInAs, type OtherNetwork } from '../fixtures/accounts';
import { eventually, StockClient } from '../fixtures/collab-client';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const TWINNING = 'Town twinning 2.0: year-round exchanges for young people';
const PASSAGE = 'one weekend a year for the same twenty people';

/** A y-websocket client that also knows how the server closed it. */
class AmendmentClient extends StockClient {
  readonly closes: { code: number; reason: string }[] = [];

  constructor(wsUrl: string, documentId: string, token: string) {
    super(wsUrl, documentId, { token });
    this.provider.on('connection-close', (event: { code: number; reason: string } | null) => {
      if (event) this.closes.push({ code: event.code, reason: event.reason });
    });
  }

  /** The Y.XmlText holding `phrase` and where the phrase starts in it. */
  find(phrase: string): { text: Y.XmlText; index: number } {
    const walk = (node: Y.XmlElement | Y.XmlFragment): { text: Y.XmlText; index: number } | null => {
      for (const child of node.toArray()) {
        if (child instanceof Y.XmlText && child.toString().includes(phrase)) return { text: child, index: textIndexOf(child, phrase) };
        if (child instanceof Y.XmlElement) {
          const found = walk(child);
          if (found) return found;
        }
      }
      return null;
    };
    const found = walk(this.fragment);
    if (!found) throw new Error(`"${phrase}" is not in the text`);
    return found;
  }

  /** The passage of `phrase`, as the editor sends it from a selection. */
  anchor(phrase: string) {
    const rendered = renderFragment(this.fragment);
    let from = -1;
    rendered.doc.descendants((node, pos) => {
      if (from < 0 && node.isText && node.text?.includes(phrase)) from = pos + node.text.indexOf(phrase);
    });
    if (from < 0) throw new Error(`"${phrase}" is not in the text`);
    const anchor = createThreadAnchor(this.fragment, rendered, from, from + phrase.length);
    const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    return { start: base64(anchor.start), end: base64(anchor.end), quotedText: anchor.quotedText };
  }
}

/** The text runs of one kind (inserted or deleted) in a diff's changed blocks, joined by "|". */
function runsOf(diff: AmendmentDiff, change: 'insert' | 'delete'): string {
  const found: string[] = [];
  const walk = (node: { node?: string; change?: string; text?: string; children?: unknown[] }): void => {
    if (node.node === 'text') {
      if (node.change === change && node.text) found.push(node.text);
      return;
    }
    for (const child of node.children ?? []) walk(child as typeof node);
  };
  for (const block of diff.structure.blocks) walk(block as Parameters<typeof walk>[0]);
  return found.join('|');
}

/** Index of a phrase in a Y.XmlText's plain string (formatting attributes do not count). */
function textIndexOf(text: Y.XmlText, phrase: string): number {
  return text.toString().replace(/<[^>]+>/g, '').indexOf(phrase);
}

describe('amendments over REST and the collaboration websocket', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let other: OtherNetwork;
  let coordinator: MemberSession;
  let editor: MemberSession;
  let commenter: MemberSession;
  let delegate: MemberSession;
  let recommendationId: string;
  let amendment: AmendmentDetail;
  const clients: StockClient[] = [];

  async function connect(session: MemberSession, documentId: string): Promise<AmendmentClient> {
    const client = new AmendmentClient(server.wsUrl, documentId, await session.collabToken());
    clients.push(client);
    await client.synced();
    return client;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    other = await seedOtherNetwork(database.url);
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    editor = await signInAs(server.httpUrl, 'editor');
    commenter = await signInAs(server.httpUrl, 'commenter');
    delegate = await signInAs(server.httpUrl, 'delegate');
    recommendationId = (await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations')).find((recommendation) => recommendation.title === TWINNING)!.id;
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.stop();
    await database?.drop();
  });

  it('lets a commenter propose an amendment of a selected passage: a fork of a new base version, with its hash', async () => {
    const reader = await connect(commenter, recommendationId);
    amendment = await commenter.json<AmendmentDetail>('POST', `/api/recommendations/${recommendationId}/amendments`, {
      title: 'Twinning for more people',
      reason: 'One weekend reaches too few residents.',
      anchor: reader.anchor(PASSAGE),
    });
    expect(amendment).toMatchObject({ status: 'open', quotedText: PASSAGE, canEdit: true, canWithdraw: true, canDecline: false, authors: [{ memberId: commenter.memberId }] });
    expect(amendment.baseHash).toMatch(/^[0-9a-f]{64}$/);
    expect(amendment.diff.structure.blocks).toEqual([]);
    const versions = await commenter.json<{ versions: { number: number; kind: string; eventLabel: string | null; contentHash: string }[] }>('GET', `/api/recommendations/${recommendationId}/versions`);
    expect(versions.versions[0]).toMatchObject({ number: amendment.baseVersion, kind: 'event', eventLabel: 'amendment proposed', contentHash: amendment.baseHash });
    const list = await delegate.json<AmendmentSummary[]>('GET', `/api/recommendations/${recommendationId}/amendments`);
    expect(list.map((entry) => [entry.title, entry.status])).toEqual([['Twinning for more people', 'open']]);
  });

  it('is edited live by its author and an invited co-author; a reader follows it read-only', async () => {
    const invited = await commenter.json<AmendmentDetail>('POST', `/api/amendments/${amendment.id}/authors`, { memberId: editor.memberId });
    expect(invited.authors.map((author) => author.memberId)).toEqual([commenter.memberId, editor.memberId]);
    // Each with their partner, as the amendment page lists them.
    expect(invited.authors.map((author) => author.partnerName)).toEqual(['Leuven Citizens’ Forum', 'Municipality of Ptuj']);
    const proposer = await connect(commenter, amendment.id);
    const coAuthor = await connect(editor, amendment.id);
    const reader = await connect(delegate, amendment.id);
    expect(proposer.text()).toContain(PASSAGE);

    const { text, index } = proposer.find(PASSAGE);
    text.insert(index + PASSAGE.length, ' and a youth exchange every season');
    await eventually(() => coAuthor.text().includes('twenty people and a youth exchange every season'), 'the co-author sees the proposer’s edit');
    const own = coAuthor.find('one weekend a year');
    own.text.delete(own.index, 'one weekend a year'.length);
    own.text.insert(own.index, 'four weekends a year');
    await eventually(() => proposer.text().includes('four weekends a year for the same twenty people and a youth exchange every season'), 'the proposer sees the co-author’s edit');
    await eventually(() => reader.text().includes('four weekends a year'), 'the reader follows');
    await eventually(() => reader.permissionDenied.length > 0, 'the reader is told it is read-only');
    expect(reader.permissionDenied[0]).toContain('only the authors of this amendment');
  });

  it('refuses an edit outside the passage over the websocket, with 4406 and a sentence in the member’s language; nothing of it is kept', async () => {
    const slovenian = await signInAs(server.httpUrl, 'editor');
    await slovenian.request('PUT', '/api/auth/session/language', { language: 'sl' });
    const intruder = await connect(slovenian, amendment.id);
    const heading = intruder.find('Town twinning 2.0');
    heading.text.insert(0, 'Draft: ');
    await eventually(() => intruder.closes.length > 0, 'the server closes the connection');
    intruder.provider.disconnect();
    expect(intruder.closes[0].code).toBe(CollabCloseCode.outsidePassage);
    expect(intruder.closes[0].reason).toContain('amandma lahko spremeni le svoj odlomek');
    const fresh = await connect(delegate, amendment.id);
    expect(fresh.text()).not.toContain('Draft:');
    expect(fresh.text()).toContain('four weekends a year');
  });

  it('shows the diff against the base passage and the merged preview, computed on copies', async () => {
    const detail = await delegate.json<AmendmentDetail>('GET', `/api/amendments/${amendment.id}`);
    expect(detail.canEdit).toBe(false);
    expect(detail.diff.structure.blocks).toHaveLength(1);
    expect(runsOf(detail.diff, 'insert')).toContain('four');
    expect(runsOf(detail.diff, 'delete')).toContain('one');

    const preview = await delegate.json<AmendmentPreview>('GET', `/api/amendments/${amendment.id}/preview`);
    expect(JSON.stringify(preview.diff.to)).toContain('four weekends a year for the same twenty people and a youth exchange every season');
    expect(JSON.stringify(preview.diff.from)).toContain(PASSAGE);
    expect(preview.flags).toEqual({ passageEditedSinceProposal: false, passageDetached: false, overlapsWith: [] });
    // The live recommendation is untouched by the preview.
    const live = await connect(delegate, recommendationId);
    expect(live.text()).toContain(PASSAGE);
  });

  it('flags an amendment whose passage was edited in the recommendation since, and two open amendments that overlap', async () => {
    const writer = await connect(coordinator, recommendationId);
    const { text, index } = writer.find('the same twenty people');
    text.insert(index + 'the same '.length, 'roughly ');
    await eventually(async () => (await delegate.json<AmendmentSummary[]>('GET', `/api/recommendations/${recommendationId}/amendments`))[0].flags.passageEditedSinceProposal, 'the stale flag');

    const second = await editor.json<AmendmentDetail>('POST', `/api/recommendations/${recommendationId}/amendments`, {
      title: 'Name the weekend',
      reason: 'Say which weekend.',
      anchor: writer.anchor('weekend a year'),
    });
    const list = await delegate.json<AmendmentSummary[]>('GET', `/api/recommendations/${recommendationId}/amendments`);
    expect(list.find((entry) => entry.id === amendment.id)?.flags.overlapsWith).toEqual([{ id: second.id, title: 'Name the weekend' }]);
    expect(list.find((entry) => entry.id === second.id)?.flags).toEqual({ passageEditedSinceProposal: false, passageDetached: false, overlapsWith: [{ id: amendment.id, title: 'Twinning for more people' }] });
    const preview = await delegate.json<AmendmentPreview>('GET', `/api/amendments/${amendment.id}/preview`);
    expect(preview.flags.passageEditedSinceProposal).toBe(true);
    // Both changes are in the merged result: the recommendation's "roughly" and the amendment's words.
    expect(JSON.stringify(preview.diff.to)).toContain('four weekends a year for the same roughly twenty people and a youth exchange every season');

    // Withdrawn by its author (the editor proposed it): no longer flagged as overlapping.
    expect((await commenter.request('POST', `/api/amendments/${second.id}/withdraw`, { reason: 'Not mine' })).status).toBe(403);
    const withdrawn = await editor.json<AmendmentDetail>('POST', `/api/amendments/${second.id}/withdraw`, { reason: 'Covered by the other amendment.' });
    expect(withdrawn).toMatchObject({ status: 'withdrawn', closedReason: 'Covered by the other amendment.', closedBy: { memberId: editor.memberId }, canEdit: false });
    const after = await delegate.json<AmendmentSummary[]>('GET', `/api/recommendations/${recommendationId}/amendments`);
    expect(after.find((entry) => entry.id === amendment.id)?.flags.overlapsWith).toEqual([]);
    expect(after.map((entry) => entry.status)).toEqual(['open', 'withdrawn']);
  });

  it('lets only coordinators decline, with a reason that stays in the record; a closed amendment cannot change again', async () => {
    const doomed = await delegate.json<AmendmentDetail>('POST', `/api/recommendations/${recommendationId}/amendments`, { title: 'Mentors paid weekly', reason: 'More support.', anchor: (await connect(delegate, recommendationId)).anchor('two days a month') });
    const editorAttempt = await editor.request('POST', `/api/amendments/${doomed.id}/decline`, { reason: 'No budget for it.' });
    expect(editorAttempt.status).toBe(403);
    const authorAttempt = await delegate.request('POST', `/api/amendments/${doomed.id}/decline`, { reason: 'No budget for it.' });
    expect(authorAttempt.status).toBe(403);
    const declined = await coordinator.json<AmendmentDetail>('POST', `/api/amendments/${doomed.id}/decline`, { reason: 'No budget for it.' });
    expect(declined).toMatchObject({ status: 'declined', closedReason: 'No budget for it.', closedBy: { memberId: coordinator.memberId } });
    const again = await delegate.request('POST', `/api/amendments/${doomed.id}/withdraw`, { reason: 'Too late.' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('AMENDMENT_NOT_OPEN');
    const audit = await coordinator.json<{ events: { action: string; detail: Record<string, unknown> }[] } | { action: string; detail: Record<string, unknown> }[]>('GET', '/api/audit');
    const events = Array.isArray(audit) ? audit : audit.events;
    expect(events.map((event) => event.action)).toEqual(expect.arrayContaining(['amendment.proposed', 'amendment.withdrawn', 'amendment.declined']));
    // The fork of a declined amendment is read-only for its author too.
    const author = await connect(delegate, doomed.id);
    await eventually(() => author.permissionDenied.length > 0, 'read-only notice');
    expect(author.permissionDenied[0]).toContain('no longer open');
  });

  it('turns a comment thread into an amendment of its passage', async () => {
    const reader = await connect(commenter, recommendationId);
    const thread = await commenter.json<{ id: string }>('POST', `/api/recommendations/${recommendationId}/threads`, {
      body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Why only once a year?' }] }] },
      anchor: { ...reader.anchor('a joint event each season'), stateVector: Buffer.from(Y.encodeStateVector(reader.doc)).toString('base64') },
    });
    const fromThread = await commenter.json<AmendmentDetail>('POST', `/api/recommendations/${recommendationId}/amendments`, { title: 'Two events a season', reason: 'From the thread.', threadId: thread.id });
    expect(fromThread).toMatchObject({ quotedText: 'a joint event each season', threadId: thread.id });
  });

  it('refuses bad input and forged ids, and hides another network’s amendments (404)', async () => {
    const path = `/api/recommendations/${recommendationId}/amendments`;
    const garbage = await commenter.request('POST', path, { title: 'x', reason: 'y', anchor: { start: 'AAAA', end: 'AAAA', quotedText: 'x' } });
    expect(garbage.status).toBe(409);
    expect(((await garbage.json()) as { code: string }).code).toBe('PASSAGE_INVALID');
    expect((await commenter.request('POST', path, { title: 'x'.repeat(201), reason: 'y', threadId: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);
    expect((await commenter.request('POST', path, { title: 'x', reason: 'y', threadId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await commenter.request('POST', path, { title: 'x', reason: 'y' })).status).toBe(409);
    expect((await commenter.request('GET', '/api/amendments/not-a-uuid')).status).toBe(400);
    // An amendment is not a recommendation: it cannot be amended itself.
    expect((await commenter.request('GET', `/api/recommendations/${amendment.id}/amendments`)).status).toBe(404);
    expect((await commenter.request('POST', `/api/amendments/${amendment.id}/authors`, { memberId: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);

    const outsider = await signIn(server.httpUrl, other.coordinator.email, other.coordinator.password);
    for (const [method, target] of [
      ['GET', `/api/amendments/${amendment.id}`],
      ['GET', `/api/amendments/${amendment.id}/preview`],
      ['GET', path],
      ['POST', `/api/amendments/${amendment.id}/decline`],
    ] as const) {
      const response = await outsider.request(method, target, method === 'POST' ? { reason: 'Not yours.' } : undefined);
      expect(response.status, `${method} ${target}`).toBe(404);
    }
    const socket = new AmendmentClient(server.wsUrl, amendment.id, await outsider.collabToken());
    clients.push(socket);
    await eventually(() => socket.closes.length > 0, 'the other network is refused');
    socket.provider.disconnect();
    expect(socket.closes[0].code).toBe(CollabCloseCode.documentNotFound);
  });
});
