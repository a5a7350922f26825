import { CollabCloseCode } from '@accord/contracts';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '../fixtures/accounts';
import { closed, eventually, rawSocket, StockClient } from '../fixtures/collab-client';
import { listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

interface RawAnswer {
  /** The HTTP status of the answer, or null when the connection ended without one. */
  status: number | null;
  /** For a 101 answer: the code of the close frame that followed. */
  closeCode: number | null;
}

/**
 * Writes `request` on a plain TCP connection, as an attacker's script would, and reads the answer:
 * the status line, and after a 101 the close frame the server sends.
 */
async function sendRaw(port: number, request: string | Buffer): Promise<RawAnswer> {
  const socket = connect(port, '127.0.0.1');
  // A server that dies mid-request resets the connection; that is an answer too (no status).
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  socket.write(request);
  let received = Buffer.alloc(0);
  const parse = (): RawAnswer | null => {
    const headerEnd = received.indexOf('\r\n\r\n');
    if (headerEnd < 0) return null;
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received.subarray(0, headerEnd).toString('latin1'))?.[1] ?? NaN);
    if (status !== 101) return { status, closeCode: null };
    const body = received.subarray(headerEnd + 4);
    // Server frames are unmasked: [0x88, length, code (2 bytes), reason].
    const close = body.indexOf(0x88);
    if (close < 0 || body.length < close + 4) return null;
    return { status, closeCode: body.readUInt16BE(close + 2) };
  };
  for await (const chunk of socket) {
    received = Buffer.concat([received, chunk as Buffer]);
    const answer = parse();
    if (answer) {
      socket.destroy();
      return answer;
    }
  }
  return parse() ?? { status: null, closeCode: null };
}

function upgradeRequest(path: string, headers: Record<string, string | null> = {}): string {
  const all: Record<string, string | null> = {
    Host: 'localhost',
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    ...headers,
  };
  const lines = Object.entries(all)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([name, value]) => `${name}: ${value}`);
  return `GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

describe('malformed websocket upgrades', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let documentId: string;
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    const coordinator = await signInAs(server.httpUrl, 'coordinator');
    token = await coordinator.collabToken();
    documentId = (await listRecommendations(coordinator)).find((recommendation) => recommendation.status === 'draft')!.id;
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  /** The process lives, /health answers, and two stock y-websocket clients still sync an edit. */
  async function expectServerStillServes(label: string): Promise<void> {
    expect(server.process.exitCode).toBeNull();
    expect(server.process.signalCode).toBeNull();
    expect((await fetch(`${server.httpUrl}/health`)).status).toBe(200);
    const writer = new StockClient(server.wsUrl, documentId, { token });
    const reader = new StockClient(server.wsUrl, documentId, { token });
    try {
      await Promise.all([writer.synced(), reader.synced()]);
      writer.appendParagraph(`Synced after ${label}`);
      await eventually(() => reader.text().includes(`Synced after ${label}`), `an edit reaches the other client after ${label}`);
    } finally {
      writer.destroy();
      reader.destroy();
    }
  }

  const longHeaderValue = 'a'.repeat(100 * 1024);
  const manyHeaders = Object.fromEntries(Array.from({ length: 3000 }, (_, index) => [`X-Filler-${index}`, 'filler']));

  it.each([
    { name: 'a request target that is no URL (//[)', request: () => upgradeRequest('//['), status: 400 },
    { name: 'an absolute request target that is no URL', request: () => upgradeRequest('http://[/collab'), status: 400 },
    { name: 'bad percent-encoding in the document id', request: () => upgradeRequest('/collab/%ZZ'), status: 101, closeCode: CollabCloseCode.documentNotFound },
    { name: 'bad percent-encoding in the query', request: () => upgradeRequest(`/collab/${documentId}?token=%E0%A4%A`), status: 101, closeCode: CollabCloseCode.unauthenticated },
    { name: 'no Sec-WebSocket-Key', request: () => upgradeRequest(`/collab/${documentId}`, { 'Sec-WebSocket-Key': null }), status: 400 },
    { name: 'a malformed Sec-WebSocket-Key', request: () => upgradeRequest(`/collab/${documentId}`, { 'Sec-WebSocket-Key': 'not base64 of 16 bytes' }), status: 400 },
    { name: 'a wrong Sec-WebSocket-Version', request: () => upgradeRequest(`/collab/${documentId}`, { 'Sec-WebSocket-Version': '99' }), status: 400 },
    { name: 'a path outside /collab', request: () => upgradeRequest('/not-collab'), status: 404 },
    { name: 'a 100 KB URL', request: () => upgradeRequest(`/collab/${'x'.repeat(100 * 1024)}`), status: 431 },
    { name: 'a 100 KB header', request: () => upgradeRequest(`/collab/${documentId}`, { 'X-Long': longHeaderValue }), status: 431 },
    { name: '3000 headers', request: () => upgradeRequest(`/collab/${documentId}`, manyHeaders), status: 431 },
  ])('refuses an upgrade with $name and keeps serving', async ({ name, request, status, closeCode }) => {
    const answer = await sendRaw(server.port, request());
    expect(answer.status).toBe(status);
    if (closeCode !== undefined) expect(answer.closeCode).toBe(closeCode);
    await expectServerStillServes(name);
  });

  it('closes a stock websocket client on a bad percent-encoded path with a reason', async () => {
    const socket = await rawSocket(`${server.wsUrl}/%ZZ?token=${token}`);
    const { code, reason } = await closed(socket);
    expect(code).toBe(CollabCloseCode.documentNotFound);
    expect(reason).toBe('No document with this id');
    await expectServerStillServes('a stock client on /collab/%ZZ');
  });
});
