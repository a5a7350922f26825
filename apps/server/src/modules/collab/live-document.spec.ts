import { encodePersistenceSubscribe, MessageType, readPersistenceEvent } from '@accord/contracts';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { mutateUpdate, seededRandom, TipTapShapedEditor } from '../../../../../tests/fixtures/mutated-updates';
import { CollabConnection } from './collab-connection';
import type { TrafficLimits } from './traffic-budget';
import { SingleInstance } from './document-replication';
import { LiveDocument } from './live-document';
import type { LoggedUpdate } from './update-log.repository';
import { UpdateLogWriter } from './update-log-writer';

/** A y-protocols client on a real socket: answers the server's sync messages into its own Y.Doc. */
class SyncingClient {
  readonly doc = new Y.Doc();
  constructor(readonly socket: WebSocket) {
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, 0);
    syncProtocol.writeSyncStep1(step1, this.doc);
    socket.send(encoding.toUint8Array(step1));
    socket.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== 0) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.readSyncMessage(decoder, encoder, this.doc, 'server');
      if (encoding.length(encoder) > 1) socket.send(encoding.toUint8Array(encoder));
    });
  }
}

function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

const stateOf = (doc: Y.Doc) => `${Buffer.from(Y.encodeStateVector(doc)).toString('hex')}|${doc.getXmlFragment('default').toString()}`;

/** Budgets far above what these tests send: they are about the apply path, not traffic. */
const GENEROUS_LIMITS: TrafficLimits = { messagesPerSecond: 1e6, messageBurst: 1e6, bytesPerSecond: 1 << 30, byteBurst: 1 << 30 };

describe('LiveDocument apply path', () => {
  let server: WebSocketServer;
  let live: LiveDocument;
  let writer: UpdateLogWriter;
  const logged: LoggedUpdate[] = [];
  const sockets: WebSocket[] = [];

  beforeEach(async () => {
    // The update log's store keeps what it is given: the writer, its batching and the document are the real ones.
    writer = new UpdateLogWriter({ append: async (_writerId, updates) => void logged.push(...updates) }, { durable: () => undefined, storageStateChanged: () => undefined }, { maxQueuedBytes: 1 << 26 });
    live = new LiveDocument('7d3f1c52-5c1e-4c8e-9b7e-2d0c8a1e4f00', { writer, awaitDurable: () => undefined, becameIdle: () => undefined, frameHandled: () => undefined, edited: () => undefined, maxDocumentBytes: 4 * 1024 * 1024, replication: new SingleInstance() });
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    server.on('connection', (socket) => {
      const connection = new CollabConnection(socket, live.id, '127.0.0.1', GENEROUS_LIMITS);
      socket.binaryType = 'nodebuffer';
      socket.on('message', (data: Buffer) => live.receive(connection, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
      socket.on('close', () => live.leave(connection));
      live.join(connection);
    });
    await once(server, 'listening');
  });

  afterEach(async () => {
    sockets.splice(0).forEach((socket) => socket.terminate());
    live.destroy();
    server.close();
    logged.length = 0;
  });

  async function connect(): Promise<WebSocket> {
    const socket = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    sockets.push(socket);
    await once(socket, 'open');
    return socket;
  }

  it('gives clients connected all along exactly what a late joiner gets, and the log replays to the same', async () => {
    const watcher = new SyncingClient(await connect());
    const random = seededRandom(42);
    const editor = new TipTapShapedEditor(random);
    let socket = await connect();
    for (let round = 0; round < 60; round++) {
      editor.receive(Y.encodeStateAsUpdate(watcher.doc, Y.encodeStateVector(editor.doc)));
      const honest = editor.edit();
      for (const update of [...honest, ...honest.map((update) => mutateUpdate(update, random))]) {
        if (socket.readyState !== WebSocket.OPEN) socket = await connect();
        const sent = socket;
        // The server handles frames in order: a step 1 after the update is answered (step 2) once it is applied.
        const handled = new Promise<void>((resolve) => {
          const settle = () => {
            sent.off('message', onMessage).off('close', settle);
            resolve();
          };
          const onMessage = (data: Buffer) => data[0] === 0 && data[1] === 1 && settle();
          sent.on('message', onMessage).on('close', settle);
        });
        sent.send(syncUpdateFrame(update));
        sent.send(Uint8Array.of(0, 0, 1, 0));
        await handled;
      }
    }
    const lateJoiner = new SyncingClient(await connect());
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !(stateOf(lateJoiner.doc) === stateOf(live.doc) && stateOf(watcher.doc) === stateOf(live.doc))) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(stateOf(lateJoiner.doc)).toBe(stateOf(live.doc));
    expect(stateOf(watcher.doc)).toBe(stateOf(lateJoiner.doc));
    await writer.flush(1000);
    const replay = new Y.Doc();
    Y.transact(replay, () => logged.forEach((update) => Y.applyUpdate(replay, update.data)));
    expect(stateOf(replay)).toBe(stateOf(live.doc));
  }, 60_000);
});

describe('LiveDocument saved confirmations', () => {
  let server: WebSocketServer;
  let live: LiveDocument;
  const commits: Array<{ updates: readonly LoggedUpdate[]; finish: () => void }> = [];
  const commitStarted: Array<() => void> = [];
  const sockets: WebSocket[] = [];

  /** Resolves when the writer has started its `count`-th commit (they finish only when told). */
  const commitNumber = (count: number): Promise<void> => (commits.length >= count ? Promise.resolve() : new Promise<void>((resolve) => commitStarted.push(resolve)).then(() => commitNumber(count)));

  beforeEach(async () => {
    const writer = new UpdateLogWriter(
      {
        append: (_writerId, updates) =>
          new Promise<void>((finish) => {
            commits.push({ updates, finish });
            commitStarted.splice(0).forEach((wake) => wake());
          }),
      },
      { durable: () => void live.confirmDurable(), storageStateChanged: () => undefined },
      { maxQueuedBytes: 1 << 26 },
    );
    live = new LiveDocument('0b9e4a8c-3f51-4d2a-8c61-5a7e2f9d1c34', { writer, awaitDurable: () => undefined, becameIdle: () => undefined, frameHandled: () => undefined, edited: () => undefined, maxDocumentBytes: 4 * 1024 * 1024, replication: new SingleInstance() });
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    server.on('connection', (socket) => {
      const connection = new CollabConnection(socket, live.id, '127.0.0.1', GENEROUS_LIMITS);
      socket.binaryType = 'nodebuffer';
      socket.on('message', (data: Buffer) => live.receive(connection, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
      live.join(connection);
    });
    await once(server, 'listening');
  });

  afterEach(() => {
    sockets.splice(0).forEach((socket) => socket.terminate());
    commits.splice(0).forEach((commit) => commit.finish());
    live.destroy();
    server.close();
  });

  it('confirms a client that types without pause once the commit covering its earlier edits is stored', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    sockets.push(socket);
    await once(socket, 'open');
    const saved: number[] = [];
    let answered: (() => void) | null = null;
    socket.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const type = decoding.readVarUint(decoder);
      if (type === MessageType.persistence) {
        const event = readPersistenceEvent(decoder);
        if (event?.kind === 'saved') saved.push(event.clock);
      } else if (type === MessageType.sync && decoding.readVarUint(decoder) === 1) {
        answered?.();
      }
    });
    // The server handles a connection's frames in order: a sync step 1 is answered once all before it are.
    const roundTrip = () => {
      const done = new Promise<void>((resolve) => (answered = resolve));
      socket.send(Uint8Array.of(0, 0, 1, 0));
      return done;
    };
    const typist = new Y.Doc();
    const type = (line: string) => {
      const before = Y.encodeStateVector(typist);
      typist.getText('default').insert(typist.getText('default').length, line);
      socket.send(syncUpdateFrame(Y.encodeStateAsUpdate(typist, before)));
      return Y.getState(typist.store, typist.clientID);
    };
    socket.send(encodePersistenceSubscribe(typist.clientID));

    const firstClock = type('First line. ');
    await commitNumber(1);
    // The next keystroke arrives while the first commit is in flight, and so on at every commit.
    type('Second line. ');
    await roundTrip();
    commits[0].finish();
    await commitNumber(2);
    type('Third line. ');
    await roundTrip();
    // 0 answers the subscription (nothing typed yet); then the first line, without waiting for the third commit.
    expect(saved).toEqual([0, firstClock]);
  });
});
