import {
  DOCUMENT_EVENTS_PARAM,
  DOCUMENT_EVENTS_VALUE,
  MEMBER_ROLES,
  MessageType,
  plainCommentBody,
  readDocumentEvent,
  type CommentBody,
  type CommentThreadView,
  type DocumentEvent,
  type MemberRole,
  type NotificationView,
  type RecommendationSummary,
} from '@accord/contracts';
import { createThreadAnchor, renderFragment, resolveThreadAnchor } from '@accord/editor';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type MemberSession, type OtherNetwork, seedOtherNetwork, signIn, signInAs } from '../fixtures/accounts';
import { eventually } from '../fixtures/collab-client';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const MICRO_GRANTS = 'Open micro-grants for citizen-led European projects';
const TWINNING = 'Town twinning 2.0: year-round exchanges for young people';

/**
 * A y-websocket client as the web editor will be: it asks for document events (`?events=document`)
 * and records them; without `events` it is a stock client that records any message of type 8.
 */
class EditorClient {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly events: DocumentEvent[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(wsUrl: string, documentId: string, token: string, events: boolean) {
    this.provider = new WebsocketProvider(wsUrl, documentId, this.doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: events ? { token, [DOCUMENT_EVENTS_PARAM]: DOCUMENT_EVENTS_VALUE } : { token },
    });
    this.provider.messageHandlers[MessageType.documentEvents] = (_encoder, decoder) => {
      const event = readDocumentEvent(decoder as decoding.Decoder);
      if (event) this.events.push(event);
      this.wake();
    };
    this.doc.on('update', () => this.wake());
  }

  synced(): Promise<void> {
    if (this.provider.synced) return Promise.resolve();
    return new Promise((resolve) => this.provider.once('sync', () => resolve()));
  }

  /** Resolves once `condition` holds, re-checked on every event and document update. */
  waitFor(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!condition()) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  /** The anchor of `phrase` in this client's copy of the text, as the editor sends it. */
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

  /** Where a thread's anchor is in this client's copy of the text. */
  resolve(thread: CommentThreadView) {
    const fragment = this.doc.getXmlFragment('default');
    return resolveThreadAnchor(fragment, renderFragment(fragment), { start: Buffer.from(thread.anchor.start, 'base64'), end: Buffer.from(thread.anchor.end, 'base64'), quotedText: thread.anchor.quotedText });
  }

  /** The Y.XmlText holding `phrase`, to type into it as the editor would. */
  textHolding(phrase: string): Y.XmlText {
    const walk = (node: Y.XmlElement | Y.XmlFragment): Y.XmlText | null => {
      for (const child of node.toArray()) {
        if (child instanceof Y.XmlText && child.toString().includes(phrase)) return child;
        if (child instanceof Y.XmlElement) {
          const found = walk(child);
          if (found) return found;
        }
      }
      return null;
    };
    const found = walk(this.doc.getXmlFragment('default'));
    if (!found) throw new Error(`"${phrase}" is not in the text`);
    return found;
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

const mentionOf = (member: { id: string; displayName: string }, text: string): CommentBody => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text }, { type: 'mention', attrs: { memberId: member.id, label: member.displayName } }] }],
});

describe('comment threads over REST and the collaboration websocket', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let other: OtherNetwork;
  let otherCoordinator: MemberSession;
  const sessions = new Map<MemberRole, MemberSession>();
  const ids = new Map<string, string>();
  let reader: EditorClient;
  const as = (role: MemberRole) => sessions.get(role)!;
  const threadsPath = (title: string) => `/api/recommendations/${ids.get(title)}/threads`;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    other = await seedOtherNetwork(database.url);
    otherCoordinator = await signIn(server.httpUrl, other.coordinator.email, other.coordinator.password);
    for (const role of MEMBER_ROLES) sessions.set(role, await signInAs(server.httpUrl, role));
    for (const recommendation of await as('editor').json<RecommendationSummary[]>('GET', '/api/recommendations')) ids.set(recommendation.title, recommendation.id);
    // The commenter's own copy of the text, to anchor threads in as the editor would.
    reader = new EditorClient(server.wsUrl, ids.get(TWINNING)!, await as('commenter').collabToken(), false);
    await reader.synced();
  });

  afterAll(async () => {
    reader?.destroy();
    await server?.stop();
    await database?.drop();
  });

  it('lists the open thread count per recommendation, and the seeded threads with their filters', async () => {
    const list = await as('commenter').json<RecommendationSummary[]>('GET', '/api/recommendations');
    expect(list.find((recommendation) => recommendation.title === MICRO_GRANTS)?.openThreadCount).toBe(2);
    expect(list.find((recommendation) => recommendation.title === TWINNING)?.openThreadCount).toBe(0);
    const open = await as('commenter').json<CommentThreadView[]>('GET', threadsPath(MICRO_GRANTS));
    const resolved = await as('commenter').json<CommentThreadView[]>('GET', `${threadsPath(MICRO_GRANTS)}?filter=resolved`);
    expect(open.map((thread) => thread.anchor.quotedText)).toEqual(['EUR 5,000', expect.stringContaining('twice a year')]);
    expect(resolved.map((thread) => thread.anchor.quotedText)).toEqual(['decided within eight weeks']);
    expect((await as('commenter').json<CommentThreadView[]>('GET', `${threadsPath(MICRO_GRANTS)}?filter=mentioning-me`)).map((thread) => thread.id)).toEqual([open[0].id]);
    expect((await as('commenter').request('GET', `${threadsPath(MICRO_GRANTS)}?filter=everything`)).status).toBe(400);
  });

  it('lets every role start, reply, react, resolve and reopen; only the author edits and deletes; only coordinators hide', async () => {
    for (const role of MEMBER_ROLES) {
      const session = as(role);
      const created = await session.request('POST', threadsPath(TWINNING), { anchor: reader.anchor('job shadowing'), body: plainCommentBody(`Started by the ${role}`), stance: 'for' });
      expect(created.status, role).toBe(201);
      const thread = (await created.json()) as CommentThreadView;
      const mine = thread.comments[0];
      const replied = await as('commenter').json<CommentThreadView>('POST', `${threadsPath(TWINNING)}/${thread.id}/comments`, { body: plainCommentBody('A reply'), stance: 'against' });
      const theirs = replied.comments[1];
      const commentPath = (commentId: string) => `${threadsPath(TWINNING)}/${thread.id}/comments/${commentId}`;

      expect((await session.request('PUT', `${commentPath(theirs.id)}/reactions/${encodeURIComponent('👍')}`)).status, role).toBe(200);
      expect((await session.request('PUT', `${commentPath(theirs.id)}/reactions/${encodeURIComponent('💩')}`)).status, role).toBe(400);
      expect((await session.request('POST', `${threadsPath(TWINNING)}/${thread.id}/resolve`)).status, role).toBe(200);
      expect((await session.json<CommentThreadView>('POST', `${threadsPath(TWINNING)}/${thread.id}/reopen`)).status, role).toBe('open');

      const edited = await session.request('PATCH', commentPath(mine.id), { body: plainCommentBody('Reworded'), stance: 'neutral' });
      expect(edited.status, role).toBe(200);
      expect(((await edited.json()) as CommentThreadView).comments[0].editedAt, role).not.toBeNull();
      if (role !== 'commenter') {
        const refused = await session.request('PATCH', commentPath(theirs.id), { body: plainCommentBody('Not mine') });
        expect([refused.status, ((await refused.json()) as { code: string }).code], role).toEqual([403, 'NOT_COMMENT_AUTHOR']);
        expect((await session.request('DELETE', commentPath(theirs.id))).status, role).toBe(403);
      }
      const hide = await session.request('POST', `${commentPath(theirs.id)}/hide`, { reason: 'Off topic' });
      expect(hide.status, role).toBe(role === 'coordinator' ? 200 : 403);

      const deleted = await session.json<CommentThreadView>('DELETE', commentPath(mine.id));
      expect(deleted.comments[0], role).toMatchObject({ id: mine.id, body: null });
    }
  });

  it('answers another network with 404 and no session with 401, on every thread route', async () => {
    const [thread] = await as('commenter').json<CommentThreadView[]>('GET', threadsPath(MICRO_GRANTS));
    const comment = thread.comments[0];
    const base = `${threadsPath(MICRO_GRANTS)}/${thread.id}`;
    const attempts: [string, string, unknown][] = [
      ['GET', threadsPath(MICRO_GRANTS), undefined],
      ['POST', threadsPath(MICRO_GRANTS), { anchor: reader.anchor('year-round'), body: plainCommentBody('x') }],
      ['GET', base, undefined],
      ['POST', `${base}/comments`, { body: plainCommentBody('x') }],
      ['PATCH', `${base}/comments/${comment.id}`, { body: plainCommentBody('x') }],
      ['DELETE', `${base}/comments/${comment.id}`, undefined],
      ['POST', `${base}/comments/${comment.id}/hide`, { reason: 'not yours' }],
      ['PUT', `${base}/comments/${comment.id}/reactions/${encodeURIComponent('👍')}`, undefined],
      ['POST', `${base}/resolve`, undefined],
      ['POST', `${base}/reopen`, undefined],
      ['GET', `/api/recommendations/${ids.get(MICRO_GRANTS)}/mentionable-members?prefix=ma`, undefined],
    ];
    for (const [method, path, body] of attempts) {
      expect((await otherCoordinator.request(method, path, body)).status, `${method} ${path}`).toBe(404);
      const anonymous = await fetch(`${server.httpUrl}${path}`, { method: method === 'GET' ? 'GET' : method, headers: { accept: 'application/json' } });
      expect(anonymous.status, `${method} ${path} without a session`).toBe(method === 'GET' ? 401 : 401);
    }
    // And the other network's own threads are none of the demo's business.
    expect((await as('coordinator').request('GET', `/api/recommendations/${other.documentId}/threads`)).status).toBe(404);
    const after = await as('commenter').json<CommentThreadView>('GET', base);
    expect(after).toEqual(thread);
  });

  it('refuses a body with a script link or over the length limit, with a sentence that says what to do', async () => {
    const scripted = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] };
    const refused = await as('editor').request('POST', threadsPath(TWINNING), { anchor: reader.anchor('mentor'), body: scripted });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { code: string }).code).toBe('COMMENT_BODY_INVALID');
    const long = await as('editor').request('POST', threadsPath(TWINNING), { anchor: reader.anchor('mentor'), body: plainCommentBody('y'.repeat(5000)) });
    expect(await long.json()).toMatchObject({ statusCode: 400, code: 'COMMENT_TOO_LONG', message: 'A comment may have at most 4000 characters; this one has 5000. Shorten it or split it into two replies.' });
  });

  it('delivers new threads, replies and resolutions live to a second connected client that asked, and nothing to a stock client', async () => {
    const documentId = ids.get(TWINNING)!;
    // The coordinator may edit this text (the Pordenone group's); the others are read-only there.
    const author = new EditorClient(server.wsUrl, documentId, await as('coordinator').collabToken(), true);
    const watcher = new EditorClient(server.wsUrl, documentId, await as('delegate').collabToken(), true);
    const stock = new EditorClient(server.wsUrl, documentId, await as('substitute').collabToken(), false);
    try {
      await Promise.all([author.synced(), watcher.synced(), stock.synced()]);
      const thread = await as('editor').json<CommentThreadView>('POST', threadsPath(TWINNING), { anchor: author.anchor('Results presented'), body: plainCommentBody('Every year is a lot.') });
      await watcher.waitFor(() => watcher.events.some((event) => event.action === 'thread.created' && event.thread.id === thread.id));
      expect(watcher.events.find((event) => event.thread.id === thread.id)?.thread).toEqual(thread);

      await as('commenter').json('POST', `${threadsPath(TWINNING)}/${thread.id}/comments`, { body: plainCommentBody('Twice a term?') });
      await as('coordinator').json('POST', `${threadsPath(TWINNING)}/${thread.id}/resolve`);
      await watcher.waitFor(() => watcher.events.some((event) => event.action === 'thread.resolved' && event.thread.id === thread.id));
      expect(watcher.events.filter((event) => event.thread.id === thread.id).map((event) => event.action)).toEqual(['thread.created', 'comment.created', 'thread.resolved']);
      const resolved = watcher.events.at(-1)!.thread;
      expect(resolved.comments.map((comment) => comment.body)).toEqual([plainCommentBody('Every year is a lot.'), plainCommentBody('Twice a term?')]);
      await author.waitFor(() => author.events.some((event) => event.action === 'thread.resolved'));

      // An edit sent after the events reaches the stock client after them on the same socket: it got none.
      author.doc.getXmlFragment('default').push([new Y.XmlElement('paragraph')]);
      await stock.waitFor(() => stock.doc.getXmlFragment('default').length === author.doc.getXmlFragment('default').length);
      expect(stock.events).toEqual([]);
      expect(stock.provider.wsconnected).toBe(true);
    } finally {
      author.destroy();
      watcher.destroy();
      stock.destroy();
    }
  });

  it('turns a mention into a notification and an outbox mail, and respects the opt-out', async () => {
    const editor = as('editor');
    const editorMember = { id: editor.memberId, displayName: editor.result.member.displayName };
    const unreadBefore = (await editor.json<{ unread: number }>('GET', '/api/notifications/unread-count')).unread;
    const suggestions = await as('commenter').json<{ id: string; displayName: string }[]>('GET', `/api/recommendations/${ids.get(TWINNING)}/mentionable-members?prefix=${encodeURIComponent(editorMember.displayName.slice(0, 3))}`);
    expect(suggestions.map((member) => member.id)).toContain(editorMember.id);

    const thread = await as('commenter').json<CommentThreadView>('POST', threadsPath(TWINNING), { anchor: reader.anchor('mentor in each town'), body: mentionOf(editorMember, 'Could the town pay this, ') });
    expect((await editor.json<{ unread: number }>('GET', '/api/notifications/unread-count')).unread).toBe(unreadBefore + 1);
    const [latest] = await editor.json<NotificationView[]>('GET', '/api/notifications?unread=true');
    expect(latest).toMatchObject({ kind: 'mention', threadId: thread.id, recommendationTitle: TWINNING, actorName: as('commenter').result.member.displayName, readAt: null });
    const outbox = await as('coordinator').json<{ recipient: string; subject: string; body: string }[]>('GET', '/api/mail/outbox');
    const mail = outbox.find((candidate) => candidate.recipient === editor.result.member.email && candidate.body.includes('Could the town pay this'));
    expect(mail?.subject).toBe(`${as('commenter').result.member.displayName} mentioned you on “${TWINNING}”`);
    // The link opens the thread itself.
    expect(mail?.body).toContain(`/#/recommendations/${ids.get(TWINNING)}/threads/${thread.id}`);

    expect(await editor.json('POST', '/api/notifications/read', { ids: [latest.id] })).toEqual({ marked: 1 });
    expect((await editor.json<NotificationView[]>('GET', '/api/notifications')).find((notice) => notice.id === latest.id)?.readAt).not.toBeNull();
    // Someone else's notification cannot be marked through my session.
    expect(await as('commenter').json('POST', '/api/notifications/read', { ids: [latest.id] })).toEqual({ marked: 0 });

    expect(await editor.json('PUT', '/api/notifications/preferences', { commentEmails: false })).toEqual({ commentEmails: false });
    await as('commenter').json('POST', `${threadsPath(TWINNING)}/${thread.id}/comments`, { body: mentionOf(editorMember, 'Second try, ') });
    const outboxAfter = await as('coordinator').json<{ recipient: string; body: string }[]>('GET', '/api/mail/outbox');
    expect(outboxAfter.some((candidate) => candidate.recipient === editor.result.member.email && candidate.body.includes('Second try'))).toBe(false);
    await eventually(async () => (await editor.json<NotificationView[]>('GET', '/api/notifications?unread=true')).some((notice) => notice.threadId === thread.id), 'the second mention in the inbox', 1000);
    expect(await editor.json('GET', '/api/notifications/preferences')).toEqual({ commentEmails: false });
  });

  it('keeps a thread on its passage through another member’s live edits and a server restart', async () => {
    const documentId = ids.get(TWINNING)!;
    const passage = 'one third who have never travelled abroad';
    // The coordinator may edit this text; the commenter's reader sees the edits arrive.
    const writer = new EditorClient(server.wsUrl, documentId, await as('coordinator').collabToken(), true);
    await writer.synced();
    const thread = await as('commenter').json<CommentThreadView>('POST', threadsPath(TWINNING), { anchor: reader.anchor(passage), body: plainCommentBody('How is this counted?') });

    const text = writer.textHolding(passage);
    const at = text.toString().indexOf(passage);
    text.insert(at + 'one third'.length, ' of them');
    text.insert(at, 'roughly ');
    await reader.waitFor(() => reader.doc.getXmlFragment('default').toString().includes('roughly one third of them'));
    expect(reader.resolve(thread)).toMatchObject({ status: 'attached', text: 'one third of them who have never travelled abroad' });

    writer.destroy();
    reader.destroy();
    expect(await server.stop()).toBe(0);
    server = await startServer({ databaseUrl: database.url, port: server.port });
    reader = new EditorClient(server.wsUrl, documentId, await as('commenter').collabToken(), false);
    await reader.synced();
    const [stored] = (await as('commenter').json<CommentThreadView[]>('GET', threadsPath(TWINNING))).filter((candidate) => candidate.id === thread.id);
    expect(reader.resolve(stored)).toMatchObject({ status: 'attached', text: 'one third of them who have never travelled abroad' });
  });
});
