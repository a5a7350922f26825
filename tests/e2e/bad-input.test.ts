import { CollabCloseCode } from '@accord/contracts';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signInAs } from '../fixtures/accounts';
import { closed, eventually, rawSocket, StockClient } from '../fixtures/collab-client';
import { listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const MAX_MESSAGE_BYTES = 64 * 1024;

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const BAD_FRAMES: { name: string; frame: Uint8Array; code: number }[] = [
  { name: 'an empty frame', frame: new Uint8Array(0), code: CollabCloseCode.malformedMessage },
  { name: 'a truncated sync update', frame: Uint8Array.from([0, 2, 0x80]), code: CollabCloseCode.malformedMessage },
  { name: 'an update whose declared length runs past the frame', frame: Uint8Array.from([0, 2, 50, 1, 2, 3]), code: CollabCloseCode.malformedMessage },
  { name: 'an unknown sync sub-type', frame: Uint8Array.from([0, 9, 0]), code: CollabCloseCode.malformedMessage },
  { name: 'trailing bytes after a message', frame: Uint8Array.from([3, 1, 2]), code: CollabCloseCode.malformedMessage },
  { name: 'an undecodable awareness update', frame: frame((e) => { encoding.writeVarUint(e, 1); encoding.writeVarUint8Array(e, Uint8Array.from([1, 7, 1, 3, 0x7b, 0x7b, 0x7b])); }), code: CollabCloseCode.malformedMessage },
  { name: 'an unknown message type', frame: Uint8Array.from([99]), code: CollabCloseCode.unknownMessageType },
  { name: 'an update Yjs cannot decode', frame: frame((e) => { encoding.writeVarUint(e, 0); encoding.writeVarUint(e, 2); encoding.writeVarUint8Array(e, Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f])); }), code: CollabCloseCode.invalidUpdate },
  { name: 'a frame over the size limit', frame: new Uint8Array(MAX_MESSAGE_BYTES + 1), code: CollabCloseCode.messageTooBig },
];

describe('bad input on the collaboration endpoint', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let documentId: string;
  let bystander: StockClient;
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url, env: { COLLAB_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) } });
    const coordinator = await signInAs(server.httpUrl, 'coordinator');
    token = await coordinator.collabToken();
    documentId = (await listRecommendations(coordinator))[0].id;
    bystander = new StockClient(server.wsUrl, documentId, { token });
    await bystander.synced();
  });

  /** The JSON log lines the server wrote after `from`, an offset into everything it printed. */
  const logSince = (from: number): Record<string, unknown>[] =>
    server
      .output()
      .slice(from)
      .split('\n')
      .flatMap((line) => {
        try {
          const parsed: unknown = JSON.parse(line);
          return typeof parsed === 'object' && parsed !== null ? [parsed as Record<string, unknown>] : [];
        } catch {
          return [];
        }
      });

  afterAll(async () => {
    bystander?.destroy();
    await server?.stop();
    await database?.drop();
  });

  it.each(BAD_FRAMES)('closes only the sender of $name, with its code and a reason, and logs it once', async ({ frame: bad, code }) => {
    // Only what this case makes the server write counts: the output holds every earlier case too.
    const logFrom = server.output().length;
    const refusals = () => logSince(logFrom).filter((line) => line.msg === 'Closing a collaboration connection after bad input');
    const before = Y.encodeStateAsUpdate(bystander.doc);
    const socket = await rawSocket(`${server.wsUrl}/${documentId}?token=${token}`);
    const closing = closed(socket);
    socket.send(bad);
    const { code: closeCode, reason } = await closing;
    expect(closeCode).toBe(code);
    expect(reason.length).toBeGreaterThan(0);

    // The server is up, the bystander still edits, and the document holds exactly what it held.
    expect((await fetch(`${server.httpUrl}/health`)).status).toBe(200);
    const witness = new StockClient(server.wsUrl, documentId, { token });
    await witness.synced();
    expect(Y.encodeStateAsUpdate(witness.doc)).toEqual(before);
    bystander.appendParagraph(`still editing after ${code}`);
    await eventually(() => witness.text().includes(`still editing after ${code}`), 'the bystander edit reaches a new client');
    witness.destroy();
    await eventually(() => refusals().length > 0, 'the refusal is logged');
    expect(refusals()).toHaveLength(1);
    expect(refusals()[0]).toMatchObject({ closeCode: code, documentId });
  });

  it('refuses an unknown document id with its own close code', async () => {
    for (const id of ['7d3f1c52-5c1e-4c8e-9b7e-2d0c8a1e4f00', 'not-a-document']) {
      const socket = await rawSocket(`${server.wsUrl}/${id}?token=${token}`);
      const { code, reason } = await closed(socket);
      expect(code).toBe(CollabCloseCode.documentNotFound);
      expect(reason).toBe('No document with this id');
    }
  });
});
