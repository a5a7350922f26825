import * as encoding from 'lib0/encoding';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { type MemberSession, signInAs } from '../fixtures/accounts';
import { eventually, rawSocket, StockClient } from '../fixtures/collab-client';
import { collabStats, listRecommendations } from '../fixtures/demo-documents';
import { mutateUpdate, seededRandom, TipTapShapedEditor } from '../fixtures/mutated-updates';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

/** Frames per run; CI runs the default, a longer run by hand: FUZZ_FRAMES=50000 npm run test:fuzz */
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 6000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

function message(type: number, ...parts: (number | Uint8Array)[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  for (const part of parts) {
    if (typeof part === 'number') encoding.writeVarUint(encoder, part);
    else encoding.writeVarUint8Array(encoder, part);
  }
  return encoding.toUint8Array(encoder);
}

function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((text) => text.startsWith('VmRSS:')) ?? 'VmRSS: 0 kB';
  return Number(line.replace(/\D+/g, '')) * 1024;
}

/** What a reader sees and a reload must give back: the state vector's bytes and the text. */
function snapshot(doc: Y.Doc): { stateVector: string; text: string } {
  return { stateVector: Buffer.from(Y.encodeStateVector(doc)).toString('hex'), text: doc.getXmlFragment('default').toString() };
}

/**
 * Throws frames at the collaboration endpoint as an editor and as a commenter: mutated real
 * updates, awareness messages and raw frames. Each frame is followed by a sync step 1, whose answer
 * says the frame was handled (a close says it was refused; the socket is then replaced).
 */
class Fuzzer {
  sent = 0;
  closes = 0;
  private socket: WebSocket | null = null;
  private readonly awareness = new awarenessProtocol.Awareness(new Y.Doc());

  constructor(
    private readonly url: string,
    private readonly random: () => number,
    private readonly editor: TipTapShapedEditor,
    /** A near-current state vector, so that the probe's answer stays small. */
    private readonly stateVector: () => Uint8Array,
  ) {
    this.awareness.setLocalState({ user: { name: 'Fuzz', color: '#123456' }, cursor: null });
  }

  private pick(n: number): number {
    return Math.floor(this.random() * n);
  }

  private frame(honest: Uint8Array[]): Uint8Array {
    const source = honest.length > 0 ? honest[this.pick(honest.length)] : Y.encodeStateAsUpdate(this.editor.doc);
    switch (this.pick(8)) {
      case 0:
        return message(0, 2, source);
      case 1:
      case 2:
        return message(0, 2, mutateUpdate(source, this.random));
      case 3:
        return message(0, this.pick(3), mutateUpdate(source, this.random));
      case 4:
        this.awareness.setLocalStateField('cursor', { anchor: this.pick(100) });
        return message(1, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]));
      case 5:
        return message(1, mutateUpdate(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]), this.random));
      case 6:
        return mutateUpdate(message([0, 1, 3, 7][this.pick(4)], this.pick(3), mutateUpdate(source, this.random)), this.random);
      default:
        return Uint8Array.from({ length: this.pick(64) }, () => this.pick(256));
    }
  }

  async run(frames: number): Promise<void> {
    let honest: Uint8Array[] = [];
    for (let index = 0; index < frames; index++) {
      if (index % 4 === 0) honest = this.editor.edit();
      if (!this.socket || this.socket.readyState !== WebSocket.OPEN) this.socket = await rawSocket(this.url);
      const socket = this.socket;
      const handled = new Promise<boolean>((resolve) => {
        const settle = (applied: boolean) => {
          socket.off('message', onMessage).off('close', onClose);
          resolve(applied);
        };
        const onMessage = (data: Buffer) => data[0] === 0 && data[1] === 1 && settle(true);
        const onClose = () => settle(false);
        socket.on('message', onMessage).on('close', onClose);
      });
      socket.send(this.frame(honest));
      socket.send(message(0, 0, this.stateVector()));
      this.sent++;
      if (!(await handled)) this.closes++;
    }
    this.socket?.close();
  }

  destroy(): void {
    this.awareness.destroy();
    this.awareness.doc.destroy();
  }
}

describe('fuzzing the collaboration server', () => {
  let database: TestDatabase;
  let server: ServerProcess | null = null;
  let editor: MemberSession;
  let commenter: MemberSession;
  let documentId: string;
  const clients: StockClient[] = [];

  const connect = async (session: MemberSession) => {
    const client = new StockClient(server!.wsUrl, documentId, { token: await session.collabToken() });
    clients.push(client);
    await client.synced();
    return client;
  };
  const signIn = async () => {
    editor = await signInAs(server!.httpUrl, 'coordinator');
    commenter = await signInAs(server!.httpUrl, 'commenter');
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url, env: { LOG_LEVEL: 'error' } });
    await signIn();
    const readable = new Set((await listRecommendations(commenter)).map((recommendation) => recommendation.id));
    documentId = (await listRecommendations(editor)).find((recommendation) => readable.has(recommendation.id))!.id;
  });

  afterAll(async () => {
    clients.splice(0).forEach((client) => client.destroy());
    await server?.stop();
    await database?.drop();
  });

  it(`survives ${FRAMES} hostile frames: the process lives, honest clients converge, reloads are identical after SIGKILL and SIGTERM, memory returns near baseline`, async () => {
    const random = seededRandom(SEED);
    const alice = await connect(editor);
    const bob = await connect(editor);
    const rssBefore = rssOf(server!.process.pid!);

    const attackers = [
      new Fuzzer(`${server!.wsUrl}/${documentId}?token=${await editor.collabToken()}`, random, new TipTapShapedEditor(random), () => Y.encodeStateVector(alice.doc)),
      new Fuzzer(`${server!.wsUrl}/${documentId}?token=${await commenter.collabToken()}`, random, new TipTapShapedEditor(random), () => Y.encodeStateVector(alice.doc)),
    ];
    const started = performance.now();
    const typing = (async () => {
      for (let round = 0; round < 20; round++) {
        alice.appendParagraph(`Alice, round ${round}`);
        bob.appendParagraph(`Bob, round ${round}`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all([attackers[0].run(Math.ceil(FRAMES * 0.6)), attackers[1].run(Math.floor(FRAMES * 0.4)), typing]);
    const sent = attackers[0].sent + attackers[1].sent;
    const fresh = await connect(editor);
    const seconds = (performance.now() - started) / 1000;

    expect(server!.process.exitCode).toBeNull();
    expect((await fetch(`${server!.httpUrl}/health`)).status).toBe(200);
    await eventually(() => [alice, bob].every((client) => snapshot(client.doc).stateVector === snapshot(fresh.doc).stateVector), 'honest clients converge');
    expect(snapshot(alice.doc)).toEqual(snapshot(fresh.doc));
    expect(snapshot(bob.doc)).toEqual(snapshot(fresh.doc));
    expect(fresh.text()).toContain('Alice, round 19');

    const stats = await collabStats(editor);
    clients.splice(0).forEach((client) => client.destroy());
    attackers.forEach((attacker) => attacker.destroy());
    await eventually(async () => (await collabStats(editor)).liveDocuments === 0, 'the document is unloaded');
    const rssAfter = rssOf(server!.process.pid!);
    console.log(
      `fuzz: ${sent} frames in ${seconds.toFixed(1)} s = ${Math.round(sent / seconds)} frames/s; closed ${attackers[0].closes + attackers[1].closes} sockets; ` +
        `longest single frame ${stats.longestFrameMs} ms; server RSS ${(rssBefore / 2 ** 20).toFixed(0)} MiB before, ${(rssAfter / 2 ** 20).toFixed(0)} MiB after`,
    );
    expect(rssAfter).toBeLessThan(rssBefore + 128 * 2 ** 20);

    for (const restart of ['SIGKILL', 'SIGTERM'] as const) {
      const reader = await connect(editor);
      const before = snapshot(reader.doc);
      await eventually(async () => (await collabStats(editor)).queuedBytes === 0, 'everything accepted is stored');
      clients.splice(0).forEach((client) => client.destroy());
      if (restart === 'SIGKILL') await server!.kill();
      else expect(await server!.stop()).toBe(0);
      server = await startServer({ databaseUrl: database.url, env: { LOG_LEVEL: 'error' } });
      await signIn();
      expect(snapshot((await connect(editor)).doc), `reload after ${restart}`).toEqual(before);
      clients.splice(0).forEach((client) => client.destroy());
    }
  });
});
