import { MessageType, PRESENCE_COLOURS, presenceColourFor, type MemberRole } from '@accord/contracts';
import * as encoding from 'lib0/encoding';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type MemberSession, signInAs } from '../fixtures/accounts';
import { eventually, StockClient } from '../fixtures/collab-client';
import { listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

/** A y-websocket awareness message, made by hand as a forger would. */
function awarenessFrame(entries: AwarenessEntry[]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(update, clientId);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, MessageType.awareness);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

interface SeenUser {
  name?: string;
  color?: string;
  memberId?: string;
  partner?: string;
}

const userOf = (state: Record<string, unknown> | undefined): SeenUser | undefined => state?.user as SeenUser | undefined;

describe('presence: owned per connection, stamped with the signed-in member', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let documentId: string;
  const sessions = new Map<MemberRole, MemberSession>();
  const clients: StockClient[] = [];
  const sockets: WebSocket[] = [];

  const client = async (role: MemberRole): Promise<StockClient> => {
    const created = new StockClient(server.wsUrl, documentId, { token: await sessions.get(role)!.collabToken() });
    clients.push(created);
    await created.synced();
    return created;
  };
  /** A bare socket of `role`, open once the server has admitted it (its sync step 1 arrived). */
  const forger = async (role: MemberRole): Promise<WebSocket> => {
    const socket = new WebSocket(`${server.wsUrl}/${documentId}?token=${await sessions.get(role)!.collabToken()}`);
    sockets.push(socket);
    await once(socket, 'message');
    return socket;
  };
  const memberOf = (role: MemberRole) => sessions.get(role)!.result.member;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    for (const role of ['coordinator', 'editor', 'commenter'] as const) sessions.set(role, await signInAs(server.httpUrl, role));
    documentId = (await listRecommendations(sessions.get('coordinator')!)).find((recommendation) => recommendation.status === 'draft')!.id;
  });

  afterAll(async () => {
    clients.forEach((created) => created.destroy());
    sockets.forEach((socket) => socket.terminate());
    await server?.stop();
    await database?.drop();
  });

  it('shows the member behind a connection, whatever name and colour the client sends', async () => {
    const editor = await client('editor');
    const watcher = await client('coordinator');
    editor.provider.awareness.setLocalState({ user: { name: 'Somebody Else', color: '#ffffff' }, cursor: null });
    const seen = () => userOf(watcher.provider.awareness.getStates().get(editor.doc.clientID));
    await eventually(() => seen() !== undefined, "the editor's presence reaches the watcher");
    const editorMember = memberOf('editor');
    expect(seen()).toEqual({ name: editorMember.displayName, color: presenceColourFor(editorMember.id), memberId: editorMember.id, partner: editorMember.partner.name });
    expect(PRESENCE_COLOURS).toContain(seen()!.color);
    // The cursor and anything else the client shares passes through.
    expect(watcher.provider.awareness.getStates().get(editor.doc.clientID)).toHaveProperty('cursor', null);
  });

  it("refuses a commenter's attempts to set or remove an editor's presence", async () => {
    const editor = await client('editor');
    const watcher = await client('coordinator');
    editor.provider.awareness.setLocalStateField('cursor', { anchor: 1, head: 1 });
    await eventually(() => watcher.provider.awareness.getStates().get(editor.doc.clientID)?.cursor !== undefined, "the editor's caret reaches the watcher");
    const editorClientId = editor.doc.clientID;
    const editorClock = () => watcher.provider.awareness.meta.get(editorClientId)?.clock ?? 0;
    const clockBefore = editorClock();

    const commenter = await forger('commenter');
    const commenterClientId = 424242;
    // After each forgery, a state of the commenter's own: once the watcher has it, it has every
    // earlier frame of the commenter's that the server fanned out (one socket, in order).
    let marker = 0;
    const sendThenMark = async (forged: AwarenessEntry) => {
      marker += 1;
      commenter.send(awarenessFrame([forged]));
      commenter.send(awarenessFrame([{ clientId: commenterClientId, clock: marker, state: { marker } }]));
      await eventually(() => watcher.provider.awareness.getStates().get(commenterClientId)?.marker === marker, `marker ${marker} reaches the watcher`);
    };

    await sendThenMark({ clientId: editorClientId, clock: clockBefore + 10, state: { user: { name: 'Forged' }, cursor: { anchor: 999, head: 999 } } });
    await sendThenMark({ clientId: editorClientId, clock: clockBefore + 20, state: null });

    const editorState = watcher.provider.awareness.getStates().get(editorClientId);
    expect(editorState?.cursor).toEqual({ anchor: 1, head: 1 });
    expect(userOf(editorState)?.name).toBe(memberOf('editor').displayName);
    expect(editorClock()).toBe(clockBefore);
    // The commenter's own state is shown, under the commenter's name.
    expect(userOf(watcher.provider.awareness.getStates().get(commenterClientId))?.name).toBe(memberOf('commenter').displayName);
  });

  it('keeps at most four presence states per connection, however many clientIDs it makes up', async () => {
    const flooder = await forger('commenter');
    const fakes = Array.from({ length: 1000 }, (_, index) => ({ clientId: 900_000 + index, clock: 1, state: { user: { name: `Fake ${index}` } } }));
    flooder.send(awarenessFrame(fakes));
    const watcher = await client('coordinator');
    const fromFlooder = () => [...watcher.provider.awareness.getStates().entries()].filter(([clientId]) => clientId >= 900_000 && clientId < 901_000);
    // A joiner gets every state at once; the flood may still be on its way, so wait for it to settle at its cap.
    await eventually(() => fromFlooder().length >= 4, 'the first states of the flood reach a joiner');
    flooder.send(awarenessFrame([{ clientId: 900_000, clock: 2, state: { done: true } }]));
    await eventually(() => watcher.provider.awareness.getStates().get(900_000)?.done === true, 'the flooder renews one of its own states');
    expect(fromFlooder().map(([clientId]) => clientId)).toEqual([900_000, 900_001, 900_002, 900_003]);
    for (const [, state] of fromFlooder()) expect(userOf(state)?.name).toBe(memberOf('commenter').displayName);

    // The cap is per connection: the flooder's fifth clientID is refused even in a later message.
    flooder.send(awarenessFrame([{ clientId: 123_456, clock: 1, state: { late: true } }]));
    flooder.send(awarenessFrame([{ clientId: 900_001, clock: 2, state: { done: true } }]));
    await eventually(() => watcher.provider.awareness.getStates().get(900_001)?.done === true, 'the flooder renews another of its states');
    expect(watcher.provider.awareness.getStates().has(123_456)).toBe(false);
  });

  it("removes a departing connection's states for everyone", async () => {
    const editor = await client('editor');
    const watcher = await client('coordinator');
    editor.provider.awareness.setLocalStateField('cursor', { anchor: 2, head: 2 });
    await eventually(() => watcher.provider.awareness.getStates().has(editor.doc.clientID), "the editor's presence reaches the watcher");
    const editorClientId = editor.doc.clientID;
    editor.destroy();
    await eventually(() => !watcher.provider.awareness.getStates().has(editorClientId), "the editor's presence leaves with the editor");
  });
});
