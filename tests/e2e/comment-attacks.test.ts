import {
  DOCUMENT_EVENTS_PARAM,
  DOCUMENT_EVENTS_VALUE,
  MEMBER_ROLES,
  MessageType,
  plainCommentBody,
  REACTION_EMOJI,
  readDocumentEvent,
  type CommentBody,
  type CommentThreadView,
  type DocumentEvent,
  type MemberRole,
  type NotificationView,
  type RecommendationSummary,
} from '@accord/contracts';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { Client } from 'pg';
import { type MemberSession, signInAs, sql } from '../fixtures/accounts';
import { closed, eventually, rawSocket } from '../fixtures/collab-client';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** A well-formed anchor in a text of its own: the server only checks that it decodes. */
function anchor(quotedText = 'passage') {
  const doc = new Y.Doc();
  const text = doc.getText('default');
  text.insert(0, quotedText);
  const position = (index: number) => base64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index)));
  const result = { start: position(0), end: position(quotedText.length), quotedText, stateVector: base64(Y.encodeStateVector(doc)) };
  doc.destroy();
  return result;
}

const mention = (member: { id: string }, label: string, text: string): CommentBody => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text }, { type: 'mention', attrs: { memberId: member.id, label } }] }],
});

/** The same request with a raw JSON text, for bodies JSON.stringify would not write (deep nesting). */
function rawPost(session: MemberSession, path: string, json: string): Promise<Response> {
  return fetch(`${session.httpUrl}${path}`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json', accept: 'application/json' },
    body: json,
  });
}

/** Collects the document events a socket receives (message type 8); other messages are ignored. */
function collectEvents(socket: WebSocket): DocumentEvent[] {
  const events: DocumentEvent[] = [];
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== MessageType.documentEvents) return;
    const event = readDocumentEvent(decoder);
    if (event) events.push(event);
  });
  return events;
}

describe('comment routes under attack', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  const sessions = new Map<MemberRole, MemberSession>();
  let threads: string;
  let recommendationId: string;
  const as = (role: MemberRole) => sessions.get(role)!;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    for (const role of MEMBER_ROLES) sessions.set(role, await signInAs(server.httpUrl, role));
    recommendationId = (await as('commenter').json<RecommendationSummary[]>('GET', '/api/recommendations'))[0].id;
    threads = `/api/recommendations/${recommendationId}/threads`;
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('answers text PostgreSQL cannot store, and deeply nested JSON, with a 400 and a sentence, never a 500', async () => {
    const thread = await as('commenter').json<CommentThreadView>('POST', threads, { anchor: anchor(), body: plainCommentBody('A fair start.') });
    const comment = `${threads}/${thread.id}/comments/${thread.comments[0].id}`;
    const deepArray = '['.repeat(20_000) + ']'.repeat(20_000);
    const deepObject = '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);
    const attempts: [string, () => Promise<Response>][] = [
      ['a NUL character in a comment', () => as('commenter').request('POST', threads, { anchor: anchor(), body: plainCommentBody('a\u0000b') })],
      ['a NUL character in the quoted passage', () => as('commenter').request('POST', threads, { anchor: anchor('x\u0000y'), body: plainCommentBody('ok') })],
      ['half of a surrogate pair in a reply', () => as('delegate').request('POST', `${threads}/${thread.id}/comments`, { body: plainCommentBody('cut \ud83d emoji') })],
      ['a NUL character in an edit', () => as('commenter').request('PATCH', comment, { body: plainCommentBody('x\u0000') })],
      ['a NUL character in a hiding reason', () => as('coordinator').request('POST', `${comment}/hide`, { reason: 'rude\u0000' })],
      ['a NUL character in a mention prefix', () => as('commenter').request('GET', `/api/recommendations/${recommendationId}/mentionable-members?prefix=%00`)],
      ['20,000 nested arrays as the body', () => rawPost(as('commenter'), threads, `{"anchor":${JSON.stringify(anchor())},"body":${deepArray}}`)],
      ['5,000 nested objects inside the body', () => rawPost(as('commenter'), threads, `{"anchor":${JSON.stringify(anchor())},"body":{"type":"doc","content":[],"x":${deepObject}}}`)],
    ];
    for (const [name, attempt] of attempts) {
      const response = await attempt();
      const answer = (await response.json()) as { statusCode: number; code: string; message: string };
      expect(response.status, name).toBe(400);
      expect(answer.code, name).toBe('VALIDATION_FAILED');
      expect(answer.message, name).toMatch(/^Check what you sent: .+/);
    }
    // Nothing was stored, and the thread reads as before.
    expect(await as('commenter').json<CommentThreadView>('GET', `${threads}/${thread.id}`)).toEqual(thread);
    expect((await fetch(`${server.httpUrl}/health`)).status).toBe(200);
  });

  it('keeps a hidden comment’s words out of the inbox of the member it mentions', async () => {
    const editor = as('editor');
    const thread = await as('commenter').json<CommentThreadView>('POST', threads, {
      anchor: anchor(),
      body: mention({ id: editor.memberId }, editor.result.member.displayName, 'Words a coordinator will hide, '),
    });
    const before = (await editor.json<NotificationView[]>('GET', '/api/notifications')).find((notice) => notice.threadId === thread.id);
    expect(before?.preview).toContain('Words a coordinator will hide');

    await as('coordinator').json('POST', `${threads}/${thread.id}/comments/${thread.comments[0].id}/hide`, { reason: 'Personal attack' });
    const after = (await editor.json<NotificationView[]>('GET', '/api/notifications')).find((notice) => notice.threadId === thread.id);
    expect(after?.preview ?? '').not.toContain('Words a coordinator will hide');
  });

  it('shows a mention under the mentioned member’s own name, not a name the author typed', async () => {
    const editor = as('editor');
    const thread = await as('commenter').json<CommentThreadView>('POST', threads, { anchor: anchor(), body: mention({ id: editor.memberId }, 'The Coordinator', 'Agreed with ') });
    const [paragraph] = thread.comments[0].body!.content;
    expect(paragraph.content?.[1]).toEqual({ type: 'mention', attrs: { memberId: editor.memberId, label: editor.result.member.displayName } });
  });

  it('refuses to hide a comment with a reason of only spaces', async () => {
    const thread = await as('commenter').json<CommentThreadView>('POST', threads, { anchor: anchor(), body: plainCommentBody('Hide me without a reason?') });
    const response = await as('coordinator').request('POST', `${threads}/${thread.id}/comments/${thread.comments[0].id}/hide`, { reason: '          ' });
    expect(response.status).toBe(400);
    expect((await as('commenter').json<CommentThreadView>('GET', `${threads}/${thread.id}`)).comments[0].hidden).toBeNull();
  });

  it('announces each change of a thread in order, so that the last event a client gets is the thread as stored, even when thirty reactions race', async () => {
    const thread = await as('commenter').json<CommentThreadView>('POST', threads, { anchor: anchor(), body: plainCommentBody('React to this, everyone.') });
    const comment = `${threads}/${thread.id}/comments/${thread.comments[0].id}`;
    const watcher = await rawSocket(`${server.wsUrl}/${recommendationId}?token=${await as('substitute').collabToken()}&${DOCUMENT_EVENTS_PARAM}=${DOCUMENT_EVENTS_VALUE}`);
    const events = collectEvents(watcher);
    // Another thread's news says when the watcher is subscribed; this thread's events are counted apart from it.
    await eventually(async () => {
      const probe = await as('commenter').json<CommentThreadView>('POST', threads, { anchor: anchor(), body: plainCommentBody('Are you listening?') });
      return events.some((event) => event.thread.id === probe.id);
    }, 'the watcher subscribed');
    const ofThread = () => events.filter((event) => event.thread.id === thread.id);
    try {
      for (const method of ['PUT', 'DELETE']) {
        const from = ofThread().length;
        const answers = await Promise.all(MEMBER_ROLES.flatMap((role) => REACTION_EMOJI.map((emoji) => as(role).request(method, `${comment}/reactions/${encodeURIComponent(emoji)}`))));
        expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
        await eventually(() => ofThread().length - from === MEMBER_ROLES.length * REACTION_EMOJI.length, `${method}: one event per change`);
        const stored = await as('commenter').json<CommentThreadView>('GET', `${threads}/${thread.id}`);
        expect(ofThread().at(-1)?.thread, `${method}: the last event`).toEqual(stored);
      }
    } finally {
      watcher.close();
    }
  });

  it('relays nothing to a socket that asks for document events but is never admitted', async () => {
    const stranger = await rawSocket(`${server.wsUrl}/${recommendationId}?${DOCUMENT_EVENTS_PARAM}=${DOCUMENT_EVENTS_VALUE}`);
    const events = collectEvents(stranger);
    const refused = closed(stranger);
    await as('commenter').json<CommentThreadView>('POST', threads, { anchor: anchor(), body: plainCommentBody('Not for strangers.') });
    expect((await refused).code).toBeGreaterThanOrEqual(4000);
    expect(events).toEqual([]);
  });

  /**
   * Runs `request` while a transaction of the test holds the row lock of `lockSql`; once the
   * request's INSERT waits for it, runs `deleteSql` in that transaction and commits.
   */
  async function deleteUnder(lockSql: string, deleteSql: string, values: unknown[], request: () => Promise<Response>): Promise<Response> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(lockSql, values);
      const answer = request();
      await eventually(async () => (await sql(database.url, `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO comment%'`)).length > 0, 'the comment INSERT waiting for the lock');
      await client.query(deleteSql, values);
      await client.query('COMMIT');
      return await answer;
    } finally {
      await client.end();
    }
  }

  it('answers a thread or reply written while the recommendation is deleted with a 4xx and a sentence, not a 500', async () => {
    const [first, second] = (await as('coordinator').json<RecommendationSummary[]>('GET', '/api/recommendations')).filter((candidate) => candidate.id !== recommendationId);
    const started = await deleteUnder('SELECT 1 FROM document WHERE id = $1 FOR UPDATE', 'DELETE FROM document WHERE id = $1', [first.id], () =>
      as('commenter').request('POST', `/api/recommendations/${first.id}/threads`, { anchor: anchor(), body: plainCommentBody('Just in time?') }),
    );
    expect(started.status).toBe(404);
    expect(((await started.json()) as { code: string }).code).toBe('RECOMMENDATION_NOT_FOUND');

    const thread = await as('commenter').json<CommentThreadView>('POST', `/api/recommendations/${second.id}/threads`, { anchor: anchor(), body: plainCommentBody('Still here?') });
    const replied = await deleteUnder('SELECT 1 FROM comment_thread WHERE id = $1 FOR UPDATE', 'DELETE FROM document WHERE id = (SELECT document_id FROM comment_thread WHERE id = $1)', [thread.id], () =>
      as('delegate').request('POST', `/api/recommendations/${second.id}/threads/${thread.id}/comments`, { body: plainCommentBody('Yes.') }),
    );
    expect(replied.status).toBe(404);
    expect(await replied.json()).toMatchObject({ code: 'RECOMMENDATION_NOT_FOUND', message: `There is no recommendation with id ${second.id}. Check the link or go back to the list.` });
    expect((await fetch(`${server.httpUrl}/health`)).status).toBe(200);
  });

  it('answers a reply that mentions a member removed meanwhile with 409 and a sentence, not a 500', async () => {
    const thread = await as('commenter').json<CommentThreadView>('POST', threads, { anchor: anchor(), body: plainCommentBody('Who agrees?') });
    const leaving = as('substitute');
    const replied = await deleteUnder('SELECT 1 FROM member WHERE id = $1 FOR UPDATE', 'DELETE FROM member WHERE id = $1', [leaving.memberId], () =>
      as('delegate').request('POST', `${threads}/${thread.id}/comments`, { body: mention({ id: leaving.memberId }, leaving.result.member.displayName, 'Ask ') }),
    );
    expect(replied.status).toBe(409);
    expect(await replied.json()).toMatchObject({ code: 'COMMENT_TARGET_CHANGED', message: expect.stringMatching(/Reload the page and try again\.$/) });
    expect((await as('commenter').json<CommentThreadView>('GET', `${threads}/${thread.id}`)).comments).toHaveLength(1);
  });
});
