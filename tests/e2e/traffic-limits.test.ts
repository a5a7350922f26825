import { CollabCloseCode, MessageType, type MemberRole } from '@accord/contracts';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { type MemberSession, signInAs } from '../fixtures/accounts';
import { type CloseEvent, closed, eventually, StockClient } from '../fixtures/collab-client';
import { listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const MAX_DOCUMENT_BYTES = 256 * 1024;
/** The server's defaults, which these tests keep: the burst of bytes follows from them. */
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
const BYTES_PER_SECOND = 1024 * 1024;
const BYTE_BURST = MAX_MESSAGE_BYTES + MAX_DOCUMENT_BYTES + BYTES_PER_SECOND;

function syncFrame(subType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, subType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** A sync update that appends a paragraph of `length` characters, made by a client of its own. */
function paragraphUpdate(marker: string, length: number): Uint8Array {
  const crafted = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(marker + 'x'.repeat(Math.max(0, length - marker.length)))]);
  crafted.getXmlFragment('default').push([paragraph]);
  const frame = syncFrame(2, Y.encodeStateAsUpdate(crafted));
  crafted.destroy();
  return frame;
}

/** A bare socket, open once admitted (the server's first message), that records what it is told. */
class RawPeer {
  readonly denied: string[] = [];
  readonly closing: Promise<CloseEvent>;

  private constructor(readonly socket: WebSocket) {
    this.closing = closed(socket);
  }

  static async open(url: string): Promise<RawPeer> {
    const peer = new RawPeer(new WebSocket(url));
    await new Promise<void>((resolve, reject) => {
      peer.socket.on('message', (data: Buffer) => {
        resolve();
        const decoder = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(decoder) === MessageType.auth && decoding.readVarUint(decoder) === 0) peer.denied.push(decoding.readVarString(decoder));
      });
      void peer.closing.then(({ code }) => reject(new Error(`Closed with ${code} before admission`)));
    });
    return peer;
  }
}

describe('per-connection budgets, read-only refusals and the document size limit', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let documentId: string;
  const sessions = new Map<MemberRole, MemberSession>();
  const clients: StockClient[] = [];
  const peers: RawPeer[] = [];

  const client = async (role: MemberRole): Promise<StockClient> => {
    const created = new StockClient(server.wsUrl, documentId, { token: await sessions.get(role)!.collabToken() });
    clients.push(created);
    await created.synced();
    return created;
  };
  const peer = async (role: MemberRole): Promise<RawPeer> => {
    const opened = await RawPeer.open(`${server.wsUrl}/${documentId}?token=${await sessions.get(role)!.collabToken()}`);
    peers.push(opened);
    return opened;
  };
  /** The document as a client that joins now receives it. */
  const stored = async (): Promise<{ state: Uint8Array; text: string }> => {
    const witness = await client('coordinator');
    const result = { state: Y.encodeStateAsUpdate(witness.doc), text: witness.text() };
    witness.destroy();
    return result;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url, env: { COLLAB_MAX_DOCUMENT_BYTES: String(MAX_DOCUMENT_BYTES) } });
    for (const role of ['coordinator', 'editor', 'commenter'] as const) sessions.set(role, await signInAs(server.httpUrl, role));
    documentId = (await listRecommendations(sessions.get('coordinator')!)).find((recommendation) => recommendation.status === 'draft')!.id;
  });

  afterAll(async () => {
    clients.forEach((created) => created.destroy());
    peers.forEach((opened) => opened.socket.terminate());
    await server?.stop();
    await database?.drop();
  });

  it("never decodes a read-only member's update, and closes a commenter who keeps sending them", async () => {
    const before = await stored();
    const commenter = await peer('commenter');
    await eventually(() => commenter.denied.length === 1, 'the read-only notice on joining');

    // Bytes no Yjs decoder accepts: decoded, they would close the connection with 4422.
    commenter.socket.send(syncFrame(2, Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3])));
    await eventually(() => commenter.denied.length === 2, 'the permission-denied answer');
    expect(commenter.socket.readyState).toBe(WebSocket.OPEN);

    // 200 KB updates back to back, far below the byte budget: the refusals themselves end it.
    for (let index = 0; index < 20; index++) commenter.socket.send(paragraphUpdate(`COMMENTER FLOOD ${index} `, 200 * 1024));
    const { code, reason } = await commenter.closing;
    expect(code).toBe(CollabCloseCode.readOnlyViolation);
    expect(reason).toMatch(/read-only/);

    const after = await stored();
    expect(after.state).toEqual(before.state);
    expect(after.text).not.toContain('COMMENTER FLOOD');
  });

  it('closes an editor flooding frames with 4429, while another client on the document keeps syncing', async () => {
    const writer = await client('coordinator');
    const reader = await client('editor');
    const closes: number[] = [];
    for (const bystander of [writer, reader]) bystander.provider.on('connection-close', (event: { code: number } | null) => event && closes.push(event.code));

    const flooder = await peer('editor');
    // Query-awareness frames: one byte each, and every one makes the server answer.
    for (let index = 0; index < 30_000; index++) flooder.socket.send(Uint8Array.from([MessageType.queryAwareness]));
    const { code, reason } = await flooder.closing;
    expect(code).toBe(CollabCloseCode.rateLimited);
    expect(reason).toMatch(/per second/);

    writer.appendParagraph('Written after the flood');
    await eventually(() => reader.text().includes('Written after the flood'), 'the edit reaches the other client');
    expect(closes).toEqual([]);
  });

  it("charges a sync step 1 the size of the document it makes the server send, so a few hundred requests exhaust the budget", async () => {
    const editor = await client('editor');
    editor.appendParagraph(`BULK ${'y'.repeat(100 * 1024)}`);
    await eventually(async () => (await stored()).text.includes('BULK'), 'the 100 KB paragraph is in the document');
    const documentBytes = (await stored()).state.byteLength;
    // Enough requests to send the byte burst one and a half times over, and far fewer than the message burst.
    const requests = Math.ceil((1.5 * BYTE_BURST) / documentBytes);
    expect(requests).toBeLessThan(1000);

    const reader = await peer('commenter');
    for (let index = 0; index < requests; index++) reader.socket.send(syncFrame(0, Uint8Array.from([0])));
    const { code } = await reader.closing;
    expect(code).toBe(CollabCloseCode.rateLimited);
  });

  it('refuses an update that would take the document past its limit, whole, and takes deletions and what fits', async () => {
    const before = await stored();
    const beforeBytes = before.state.byteLength;
    expect(beforeBytes + 200 * 1024).toBeGreaterThan(MAX_DOCUMENT_BYTES);

    const tooBig = await peer('editor');
    tooBig.socket.send(paragraphUpdate('TOO BIG ', 200 * 1024));
    const refused = await tooBig.closing;
    expect(refused.code).toBe(CollabCloseCode.documentTooLarge);
    expect(refused.reason).toMatch(new RegExp(`limit of ${MAX_DOCUMENT_BYTES} bytes`));
    expect((await stored()).state).toEqual(before.state);

    // What fits is taken, up to the limit; past it, growth is refused.
    const fits = await peer('editor');
    fits.socket.send(paragraphUpdate('FITS ', MAX_DOCUMENT_BYTES - beforeBytes - 16 * 1024));
    await eventually(async () => (await stored()).text.includes('FITS'), 'the update that fits is applied');
    expect(fits.socket.readyState).toBe(WebSocket.OPEN);
    const full = (await stored()).state;
    fits.socket.send(paragraphUpdate('OVER THE LIMIT ', 32 * 1024));
    expect((await fits.closing).code).toBe(CollabCloseCode.documentTooLarge);
    expect((await stored()).state).toEqual(full);

    // At the limit, deleting still works, and frees room for new text.
    const editor = await client('editor');
    const paragraphs = editor.fragment.toArray();
    editor.doc.transact(() => {
      for (let index = paragraphs.length - 1; index >= 0; index--) {
        const paragraph = paragraphs[index];
        if (paragraph instanceof Y.XmlElement && /^(FITS|BULK)/.test(paragraph.toString().replace(/<[^>]+>/g, ''))) editor.fragment.delete(index, 1);
      }
    });
    await eventually(async () => !(await stored()).text.includes('FITS'), 'the deletion is applied');
    const again = await peer('editor');
    again.socket.send(paragraphUpdate('ROOM AGAIN ', 64 * 1024));
    await eventually(async () => (await stored()).text.includes('ROOM AGAIN'), 'new text fits after the deletion');
    expect(again.socket.readyState).toBe(WebSocket.OPEN);
  });
});

describe('the default budget and a document near the default size limit (4 MiB)', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let documentId: string;
  let token: string;
  const clients: StockClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    const coordinator = await signInAs(server.httpUrl, 'coordinator');
    token = await coordinator.collabToken();
    documentId = (await listRecommendations(coordinator)).find((recommendation) => recommendation.status === 'draft')!.id;
  });

  afterAll(async () => {
    clients.forEach((created) => created.destroy());
    await server?.stop();
    await database?.drop();
  });

  it('lets stock clients write and then open a document of nearly the default 4 MiB within the default budget', async () => {
    const writer = await RawPeer.open(`${server.wsUrl}/${documentId}?token=${token}`);
    // Two frames of 1.9 MiB: the document ends just under its 4 MiB limit.
    writer.socket.send(paragraphUpdate('FIRST HALF ', 1.9 * 1024 * 1024));
    writer.socket.send(paragraphUpdate('SECOND HALF ', 1.9 * 1024 * 1024));
    for (let reader = 0; reader < 2; reader++) {
      const closes: number[] = [];
      const created = new StockClient(server.wsUrl, documentId, { token });
      clients.push(created);
      created.provider.on('connection-close', (event: { code: number } | null) => event && closes.push(event.code));
      await eventually(() => created.text().includes('FIRST HALF') && created.text().includes('SECOND HALF'), 'a client receives the whole document', 30_000);
      expect(Y.encodeStateAsUpdate(created.doc).byteLength).toBeGreaterThan(3.75 * 1024 * 1024);
      expect(closes).toEqual([]);
    }
    expect(writer.socket.readyState).toBe(WebSocket.OPEN);
    writer.socket.close();
  });
});
