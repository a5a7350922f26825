import {
  type AmendmentDetail,
  type BallotView,
  CollabCloseCode,
  DOCUMENT_EVENTS_PARAM,
  DOCUMENT_EVENTS_VALUE,
  type DocumentBusEvent,
  FROZEN_REASON_PREFIX,
  MessageType,
  readDocumentBusEvent,
  type RecommendationSummary,
  SESSION_COOKIE,
} from '@accord/contracts';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { type MemberSession, type OtherNetwork, seedOtherNetwork, signIn, signInAs, sql } from '../fixtures/accounts';
import { eventually, StockClient } from '../fixtures/collab-client';
import { anchorOf, findPhrase } from '../fixtures/passages';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const TWINNING = 'Town twinning 2.0: year-round exchanges for young people';
const EUROPEAN_DAYS = 'Evropski dnevi v partnerskih mestih';
const PASSAGE = 'one weekend a year for the same twenty people';

/** Sync step 1 with an empty state vector: the server answers it with its sync step 2. */
const SYNC_STEP1 = Uint8Array.from([MessageType.sync, 0, 1, 0]);

/** What an upgrade came to: refused with a close code, or admitted (read-only or not). */
type Outcome = { closed: number; reason: string } | { admitted: true; readOnly: boolean; denied: string[] };

/**
 * A bare socket, as an attacker's script opens it. Its first frame is a sync step 1, sent before
 * admission; the server answers it only once the connection is admitted and after telling a
 * read-only connection so, so the answer settles what the connection may do.
 */
class Probe {
  readonly denied: string[] = [];
  readonly closes: { code: number; reason: string }[] = [];
  readonly outcome: Promise<Outcome>;

  constructor(
    readonly socket: WebSocket,
    firstFrames: Uint8Array[] = [SYNC_STEP1],
  ) {
    let settle: (outcome: Outcome) => void = () => {};
    this.outcome = new Promise((resolve) => (settle = resolve));
    socket.on('error', () => undefined);
    socket.on('open', () => {
      for (const frame of firstFrames) socket.send(frame);
    });
    socket.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const type = decoding.readVarUint(decoder);
      if (type === MessageType.auth && decoding.readVarUint(decoder) === 0) this.denied.push(decoding.readVarString(decoder));
      else if (type === MessageType.sync && decoding.readVarUint(decoder) === 1) settle({ admitted: true, readOnly: this.denied.length > 0, denied: [...this.denied] });
    });
    socket.on('close', (code: number, reason: Buffer) => {
      this.closes.push({ code, reason: reason.toString() });
      settle({ closed: code, reason: reason.toString() });
    });
  }

  static open(url: string, headers: Record<string, string> = {}, firstFrames?: Uint8Array[]): Probe {
    return new Probe(new WebSocket(url, { headers, maxPayload: 64 * 1024 * 1024 }), firstFrames);
  }

  send(frame: Uint8Array): void {
    this.socket.send(frame);
  }
}

/** A sync message (1: step 2, 2: update) carrying `update`. */
function syncFrame(subType: 1 | 2, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, subType);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A Yjs update with no structs and one delete range. */
function deleteOnly(client: number, clock: number, length: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarUint(encoder, length);
  return encoding.toUint8Array(encoder);
}

const sessionCookieOf = (session: MemberSession): string => session.cookie.split('; ').find((pair) => pair.startsWith(`${SESSION_COOKIE}=`))!;
const secretOf = (session: MemberSession): string => sessionCookieOf(session).slice(SESSION_COOKIE.length + 1);
const hashOf = (secret: string): Buffer => createHash('sha256').update(secret).digest();

describe('attack review: upgrades, openings, updates, amendment events and co-author invites', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let other: OtherNetwork;
  let otherCoordinator: MemberSession;
  let coordinator: MemberSession;
  let editor: MemberSession;
  let commenter: MemberSession;
  let delegate: MemberSession;
  let twinning: string;
  let europeanDays: string;
  let draft: string;
  const probes: Probe[] = [];
  const clients: StockClient[] = [];

  const url = (documentId: string, token?: string): string => `${server.wsUrl}/${documentId}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;
  const probe = (address: string, headers?: Record<string, string>, firstFrames?: Uint8Array[]): Probe => {
    const opened = Probe.open(address, headers, firstFrames);
    probes.push(opened);
    return opened;
  };
  const connect = async (session: MemberSession, documentId: string): Promise<StockClient> => {
    const client = new StockClient(server.wsUrl, documentId, { token: await session.collabToken() });
    clients.push(client);
    await client.synced();
    return client;
  };
  /** The document's whole state as a fresh coordinator connection receives it. */
  const stateOf = async (documentId: string): Promise<Uint8Array> => {
    const witness = await connect(coordinator, documentId);
    const state = Y.encodeStateAsUpdate(witness.doc);
    witness.destroy();
    return state;
  };
  async function expectServing(): Promise<void> {
    expect(server.process.exitCode).toBeNull();
    expect((await fetch(`${server.httpUrl}/health`)).status).toBe(200);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    other = await seedOtherNetwork(database.url);
    otherCoordinator = await signIn(server.httpUrl, other.coordinator.email, other.coordinator.password);
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    editor = await signInAs(server.httpUrl, 'editor');
    commenter = await signInAs(server.httpUrl, 'commenter');
    delegate = await signInAs(server.httpUrl, 'delegate');
    const recommendations = await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations');
    twinning = recommendations.find((recommendation) => recommendation.title === TWINNING)!.id;
    europeanDays = recommendations.find((recommendation) => recommendation.title === EUROPEAN_DAYS)!.id;
    draft = recommendations.find((recommendation) => recommendation.status === 'draft' && recommendation.id !== twinning && recommendation.id !== europeanDays)!.id;
  });

  afterAll(async () => {
    for (const opened of probes) opened.socket.terminate();
    for (const client of clients) client.destroy();
    await server?.stop();
    await database?.drop();
  });

  describe('the upgrade: one statement decides', () => {
    it('reads an empty ?token= as no token: the cookie decides, from the Accord page only', async () => {
      expect(await probe(url(draft, '')).outcome).toMatchObject({ closed: CollabCloseCode.unauthenticated });
      expect(await probe(url(draft, ''), { cookie: sessionCookieOf(editor) }).outcome).toMatchObject({ admitted: true, readOnly: false });
      expect(await probe(url(draft, ''), { cookie: sessionCookieOf(editor), origin: 'https://evil.example' }).outcome).toMatchObject({ closed: CollabCloseCode.forbidden });
      expect(await probe(url(draft, ''), { cookie: `${SESSION_COOKIE}=` }).outcome).toMatchObject({ closed: CollabCloseCode.unauthenticated });
    });

    it('refuses a browser session offered as a token and a collab token offered as the cookie (4401), and REST refuses the token as a cookie', async () => {
      expect(await probe(url(draft, secretOf(coordinator))).outcome).toMatchObject({ closed: CollabCloseCode.unauthenticated });
      const token = await coordinator.collabToken();
      expect(await probe(url(draft), { cookie: `${SESSION_COOKIE}=${token}` }).outcome).toMatchObject({ closed: CollabCloseCode.unauthenticated });
      const asCookie = await fetch(`${server.httpUrl}/api/recommendations`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
      expect(asCookie.status).toBe(401);
      // The token itself was good all along.
      expect(await probe(url(draft, token)).outcome).toMatchObject({ admitted: true, readOnly: false });
    });

    it('refuses an expired token, a token whose browser session ended, and an expired cookie; REST agrees', async () => {
      const member = await signInAs(server.httpUrl, 'delegate');
      const [expired, orphaned] = [await member.collabToken(), await member.collabToken()];
      await sql(database.url, `UPDATE auth_session SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashOf(expired)]);
      expect(await probe(url(draft, expired)).outcome).toMatchObject({ closed: CollabCloseCode.unauthenticated });
      expect(await probe(url(draft, orphaned)).outcome).toMatchObject({ admitted: true, readOnly: true });
      await sql(database.url, `UPDATE auth_session SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashOf(secretOf(member))]);
      expect(await probe(url(draft, orphaned)).outcome).toMatchObject({ closed: CollabCloseCode.unauthenticated });
      expect(await probe(url(draft), { cookie: sessionCookieOf(member) }).outcome).toMatchObject({ closed: CollabCloseCode.unauthenticated });
      expect((await member.request('GET', '/api/recommendations')).status).toBe(401);
    });

    it("refuses another network's document exactly like a missing one (4404, same reason), both ways", async () => {
      const missing = await probe(url('7d3f1c52-5c1e-4c8e-9b7e-2d0c8a1e4f00', await coordinator.collabToken())).outcome;
      const foreign = await probe(url(other.documentId, await coordinator.collabToken())).outcome;
      expect(missing).toMatchObject({ closed: CollabCloseCode.documentNotFound });
      expect(foreign).toEqual(missing);
      expect(await probe(url(draft, await otherCoordinator.collabToken())).outcome).toMatchObject({ closed: CollabCloseCode.documentNotFound });
      // Their own document opens for them.
      expect(await probe(url(other.documentId, await otherCoordinator.collabToken())).outcome).toMatchObject({ admitted: true, readOnly: false });
    });

    it('refuses ids that are no UUID with 4404, whoever asks, and admits an id in capitals', async () => {
      const token = await coordinator.collabToken();
      for (const id of ['not-a-uuid', `${draft}x`, `{${draft}}`, draft.replaceAll('-', ''), `${draft}%2F..`, '%00', `${draft.slice(0, -1)}g`, "'%20OR%201=1--"]) {
        expect(await probe(url(id, token)).outcome, id).toMatchObject({ closed: CollabCloseCode.documentNotFound });
      }
      expect(await probe(url(draft.toUpperCase(), token)).outcome).toMatchObject({ admitted: true, readOnly: false });
      await expectServing();
    });

    it('refuses huge and odd tokens and cookies with 4401 and stays up', async () => {
      for (const token of ['x'.repeat(12 * 1024), '\u0000', '🔑'.repeat(500), '%', "' OR 1=1 --"]) {
        expect(await probe(url(draft, token)).outcome).toMatchObject({ closed: CollabCloseCode.unauthenticated });
      }
      expect(await probe(url(draft), { cookie: `${SESSION_COOKIE}=${'y'.repeat(12 * 1024)}` }).outcome).toMatchObject({ closed: CollabCloseCode.unauthenticated });
      expect(await probe(url(draft), { cookie: `${SESSION_COOKIE}=%E0%A4%A` }).outcome).toMatchObject({ closed: CollabCloseCode.unauthenticated });
      await expectServing();
    });

    it('gives each of many concurrent upgrades with mixed credentials exactly its own answer', async () => {
      const editorCookie = sessionCookieOf(editor);
      type Case = { address: string; headers?: Record<string, string>; expected: Record<string, unknown> };
      const kinds: (() => Promise<Case>)[] = [
        async () => ({ address: url(draft, await coordinator.collabToken()), expected: { admitted: true, readOnly: false } }),
        async () => ({ address: url(draft, await commenter.collabToken()), expected: { admitted: true, readOnly: true } }),
        async () => ({ address: url(draft, await delegate.collabToken()), expected: { admitted: true, readOnly: true } }),
        async () => ({ address: url(draft), headers: { cookie: editorCookie }, expected: { admitted: true, readOnly: false } }),
        async () => ({ address: url(draft, 'forged-token'), expected: { closed: CollabCloseCode.unauthenticated } }),
        async () => ({ address: url(draft, secretOf(editor)), expected: { closed: CollabCloseCode.unauthenticated } }),
        async () => ({ address: url(draft, await otherCoordinator.collabToken()), expected: { closed: CollabCloseCode.documentNotFound } }),
        async () => ({ address: url(other.documentId, await otherCoordinator.collabToken()), expected: { admitted: true, readOnly: false } }),
        async () => ({ address: url(other.documentId, await delegate.collabToken()), expected: { closed: CollabCloseCode.documentNotFound } }),
        async () => ({ address: url(draft), headers: { cookie: editorCookie, origin: 'https://evil.example' }, expected: { closed: CollabCloseCode.forbidden } }),
      ];
      const cases: Case[] = [];
      for (let round = 0; round < 12; round++) for (const kind of kinds) cases.push(await kind());
      // Shuffled, so that neighbours in time differ from round to round.
      cases.sort(() => Math.random() - 0.5);
      const opened = cases.map((entry) => probe(entry.address, entry.headers));
      // REST sessions asked at the same moment: each cookie is answered with its own member.
      const restChecks = [coordinator, editor, commenter, delegate, otherCoordinator].flatMap((session) =>
        Array.from({ length: 6 }, async () => {
          const response = await fetch(`${server.httpUrl}/api/auth/session`, { headers: { cookie: session.cookie } });
          return ((await response.json()) as { member: { id: string } | null }).member?.id === session.memberId;
        }),
      );
      const outcomes = await Promise.all(opened.map((entry) => entry.outcome));
      outcomes.forEach((outcome, index) => expect(outcome, cases[index].address).toMatchObject(cases[index].expected));
      expect(await Promise.all(restChecks)).toEqual(restChecks.map(() => true));
      for (const entry of opened) entry.socket.terminate();
      await expectServing();
    });
  });

  describe('updates decoded once', () => {
    const cases: { name: string; update: () => Promise<Uint8Array> | Uint8Array; code: number }[] = [
      {
        name: 'an update referring to content the server does not have',
        update: () => {
          const elsewhere = new Y.Doc();
          elsewhere.getXmlFragment('default').push([new Y.XmlElement('paragraph')]);
          const later = new Y.Doc();
          Y.applyUpdate(later, Y.encodeStateAsUpdate(elsewhere));
          (later.getXmlFragment('default').get(0) as Y.XmlElement).insert(0, [new Y.XmlText('orphan')]);
          return Y.encodeStateAsUpdate(later, Y.encodeStateVector(elsewhere));
        },
        code: CollabCloseCode.invalidUpdate,
      },
      { name: 'a delete of 2^31 items of an unknown client', update: () => deleteOnly(424242, 0, 2 ** 31), code: CollabCloseCode.invalidUpdate },
      { name: 'a delete of length zero', update: () => deleteOnly(424242, 0, 0), code: CollabCloseCode.invalidUpdate },
      { name: 'garbage', update: () => Uint8Array.from([3, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3]), code: CollabCloseCode.invalidUpdate },
      {
        name: 'a truncated real update',
        update: () => {
          const doc = new Y.Doc();
          const paragraph = new Y.XmlElement('paragraph');
          paragraph.insert(0, [new Y.XmlText('cut short '.repeat(20))]);
          doc.getXmlFragment('default').push([paragraph]);
          const whole = Y.encodeStateAsUpdate(doc);
          return whole.subarray(0, whole.length - 30);
        },
        code: CollabCloseCode.invalidUpdate,
      },
    ];

    it.each(cases.flatMap((entry) => [1, 2].map((subType) => ({ ...entry, subType: subType as 1 | 2 }))))(
      'closes the sender of $name (sync sub-type $subType) with $code; nothing applied, a bystander edits on',
      async ({ update, subType, code }) => {
        const bystander = await connect(editor, draft);
        const before = await stateOf(draft);
        const attacker = probe(url(draft, await coordinator.collabToken()));
        expect(await attacker.outcome).toMatchObject({ admitted: true });
        attacker.send(syncFrame(subType, await update()));
        await eventually(() => attacker.closes.length > 0, 'the attacker is closed');
        expect(attacker.closes[0].code).toBe(code);
        expect(await stateOf(draft)).toEqual(before);
        const line = `bystander after sub-type ${subType} ${code} ${Math.random()}`;
        bystander.appendParagraph(line);
        const witness = await connect(delegate, draft);
        await eventually(() => witness.text().includes(line), 'the bystander edit reaches a new reader');
        witness.destroy();
        bystander.destroy();
        await expectServing();
      },
    );
  });

  describe('amendment events and co-author invites', () => {
    let amendment: AmendmentDetail;

    /** A socket on a recommendation that records the document events it is sent. */
    function eventsProbe(documentId: string, token: string, asks: boolean): { events: DocumentBusEvent[]; raw: number[]; probe: Probe } {
      const address = `${url(documentId, token)}${asks ? `&${DOCUMENT_EVENTS_PARAM}=${DOCUMENT_EVENTS_VALUE}` : ''}`;
      const opened = probe(address);
      const record = { events: [] as DocumentBusEvent[], raw: [] as number[], probe: opened };
      opened.socket.on('message', (data: Buffer) => {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(decoder) !== MessageType.documentEvents) return;
        record.raw.push(data.length);
        const event = readDocumentBusEvent(decoder);
        if (event) record.events.push(event);
      });
      return record;
    }

    it('publishes nothing for refused amendment actions, and the news reaches only the asking editors of that recommendation', async () => {
      const watcher = eventsProbe(twinning, await delegate.collabToken(), true);
      const stock = eventsProbe(twinning, await delegate.collabToken(), false);
      const elsewhere = eventsProbe(draft, await delegate.collabToken(), true);
      for (const entry of [watcher, stock, elsewhere]) expect(await entry.probe.outcome).toMatchObject({ admitted: true });
      const reader = await connect(commenter, twinning);
      const path = `/api/recommendations/${twinning}/amendments`;

      // Refused: a forged passage, a title too long, no passage; nothing is news.
      expect((await commenter.request('POST', path, { title: 'x', reason: 'y', anchor: { start: 'AAAA', end: 'AAAA', quotedText: 'x' } })).status).toBe(409);
      expect((await commenter.request('POST', path, { title: 'x'.repeat(10_000), reason: 'y', anchor: anchorOf(reader, PASSAGE) })).status).toBe(400);
      expect((await commenter.request('POST', path, { title: 'x', reason: 'y' })).status).toBe(409);
      expect((await otherCoordinator.request('POST', path, { title: 'x', reason: 'y', anchor: anchorOf(reader, PASSAGE) })).status).toBe(404);

      amendment = await commenter.json<AmendmentDetail>('POST', path, { title: 'More weekends', reason: 'Too few people.', anchor: anchorOf(reader, PASSAGE) });
      expect((await delegate.request('POST', `/api/amendments/${amendment.id}/withdraw`, { reason: 'Not mine to withdraw' })).status).toBe(403);
      expect((await editor.request('POST', `/api/amendments/${amendment.id}/decline`, { reason: 'Not mine to decline' })).status).toBe(403);
      expect((await otherCoordinator.request('POST', `/api/amendments/${amendment.id}/decline`, { reason: 'Not my network' })).status).toBe(404);
      // A real change after the refusals: the watcher's news is the proposal and this, nothing between.
      const second = await commenter.json<AmendmentDetail>('POST', path, { title: 'Fewer weekends', reason: 'Too many.', anchor: anchorOf(reader, 'one weekend a year') });
      await commenter.json<AmendmentDetail>('POST', `/api/amendments/${second.id}/withdraw`, { reason: 'Changed my mind.' });
      await eventually(() => watcher.events.length >= 3, 'the watcher hears three changes');
      expect(watcher.events).toEqual([
        { kind: 'amendment', action: 'proposed', amendmentId: amendment.id },
        { kind: 'amendment', action: 'proposed', amendmentId: second.id },
        { kind: 'amendment', action: 'withdrawn', amendmentId: second.id },
      ]);
      expect(stock.raw).toEqual([]);
      expect(elsewhere.raw).toEqual([]);

      // A ballot refused on the withdrawn amendment is no news; one opened on a fresh amendment is.
      const ballotOn = (amendmentId: string) =>
        coordinator.request('POST', '/api/ballots', { proposal: 'accept-amendment', title: 'Accept it', amendmentId, quorumPercent: 10, majority: 'simple', abstentions: 'counted', deadline: new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString() });
      expect((await ballotOn(second.id)).status).toBe(409);
      const third = await commenter.json<AmendmentDetail>('POST', path, { title: 'A joint event', reason: 'Twice a season.', anchor: anchorOf(reader, 'a joint event each season') });
      expect((await ballotOn(third.id)).status).toBeLessThan(300);
      await eventually(() => watcher.events.length >= 5, 'the watcher hears the proposal and the vote');
      expect(watcher.events.slice(3)).toEqual([
        { kind: 'amendment', action: 'proposed', amendmentId: third.id },
        { kind: 'amendment', action: 'under-vote', amendmentId: third.id },
      ]);
    });

    it('refuses invites from non-authors, across networks and with forged ids, with a clear 4xx', async () => {
      const invite = (session: MemberSession, body: unknown, id = amendment.id) => session.request('POST', `/api/amendments/${id}/authors`, body);
      const codeOf = async (response: Response) => ({ status: response.status, code: ((await response.json()) as { code?: string }).code });
      const [outsiderRow] = await sql<{ id: string }>(database.url, `SELECT id FROM member WHERE email = $1`, [other.coordinator.email]);

      expect(await codeOf(await invite(delegate, { memberId: delegate.memberId }))).toEqual({ status: 403, code: 'NOT_AMENDMENT_AUTHOR' });
      expect((await invite(otherCoordinator, { memberId: outsiderRow.id })).status).toBe(404);
      expect(await codeOf(await invite(commenter, { memberId: outsiderRow.id }))).toEqual({ status: 400, code: 'AMENDMENT_INVITEE_UNKNOWN' });
      expect(await codeOf(await invite(commenter, { memberId: '00000000-0000-4000-8000-000000000000' }))).toEqual({ status: 400, code: 'AMENDMENT_INVITEE_UNKNOWN' });
      for (const body of [{}, { memberId: 'not-a-uuid' }, { memberId: [editor.memberId] }, { memberId: 42 }, { memberId: `${editor.memberId}' OR '1'='1` }]) {
        expect((await invite(commenter, body)).status, JSON.stringify(body)).toBe(400);
      }
      expect((await invite(commenter, { memberId: editor.memberId }, 'not-a-uuid')).status).toBe(400);
      expect((await invite(commenter, { memberId: editor.memberId }, '7d3f1c52-5c1e-4c8e-9b7e-2d0c8a1e4f00')).status).toBe(404);
      // The recommendation is no amendment.
      expect((await invite(commenter, { memberId: editor.memberId }, twinning)).status).toBe(404);
      const detail = await commenter.json<AmendmentDetail>('GET', `/api/amendments/${amendment.id}`);
      expect(detail.authors.map((author) => author.memberId)).toEqual([commenter.memberId]);
    });

    it('lists a member once however often, however concurrently and in whatever case they are invited', async () => {
      const invite = (memberId: string) => commenter.request('POST', `/api/amendments/${amendment.id}/authors`, { memberId });
      expect((await invite(editor.memberId.toUpperCase())).status).toBe(200);
      expect((await invite(editor.memberId)).status).toBe(200);
      expect((await invite(commenter.memberId)).status).toBe(200);
      const concurrent = await Promise.all(Array.from({ length: 10 }, () => invite(delegate.memberId)));
      expect(concurrent.map((response) => response.status)).toEqual(concurrent.map(() => 200));
      const detail = await commenter.json<AmendmentDetail>('GET', `/api/amendments/${amendment.id}`);
      expect(detail.authors.map((author) => author.memberId)).toEqual([commenter.memberId, editor.memberId, delegate.memberId]);
      expect(detail.authors.every((author) => author.partnerName.length > 0)).toBe(true);
      // An invited co-author may invite in turn.
      expect((await editor.request('POST', `/api/amendments/${amendment.id}/authors`, { memberId: coordinator.memberId })).status).toBe(200);
      // The record holds one invitation per member who became an author: a repeat is no event, and
      // cannot push the real ones out of the coordinators' view of the log.
      const audit = await coordinator.json<{ action: string; subjectId: string | null; detail: { memberId?: string } }[]>('GET', '/api/audit');
      const invitations = audit.filter((event) => event.action === 'amendment.author-invited' && event.subjectId === amendment.id).map((event) => event.detail.memberId?.toLowerCase());
      expect(invitations.sort()).toEqual([editor.memberId, delegate.memberId, coordinator.memberId].sort());
    });

    it('refuses an invite once the amendment is withdrawn (409), and the withdrawn fork stays read-only for everyone', async () => {
      await commenter.json<AmendmentDetail>('POST', `/api/amendments/${amendment.id}/withdraw`, { reason: 'Withdrawn for the test.' });
      const late = await commenter.request('POST', `/api/amendments/${amendment.id}/authors`, { memberId: (await signInAs(server.httpUrl, 'substitute')).memberId });
      expect(late.status).toBe(409);
      expect(((await late.json()) as { code: string }).code).toBe('AMENDMENT_NOT_OPEN');
      expect(await probe(url(amendment.id, await commenter.collabToken())).outcome).toMatchObject({ admitted: true, readOnly: true });
    });
  });

  describe('the first opening after a restart', () => {
    it('keeps an amendment to its passage and a voted text frozen, for frames sent before admission', async () => {
      const reader = await connect(editor, twinning);
      const fenced = await editor.json<AmendmentDetail>('POST', `/api/recommendations/${twinning}/amendments`, { title: 'Fenced', reason: 'Stays in its passage.', anchor: anchorOf(reader, PASSAGE) });
      const fork = await connect(editor, fenced.id);
      const forkState = Y.encodeStateAsUpdate(fork.doc);
      // Outside the passage: the heading, edited on a copy of the fork.
      const copy = new Y.Doc();
      Y.applyUpdate(copy, forkState);
      const heading = findPhrase({ fragment: copy.getXmlFragment('default') } as unknown as StockClient, 'Town twinning 2.0');
      heading.text.insert(heading.index, 'Draft: ');
      const outside = Y.encodeStateAsUpdate(copy, Y.encodeStateVector(fork.doc));
      fork.destroy();
      reader.destroy();

      await coordinator.json<BallotView>('POST', '/api/ballots', {
        proposal: 'adopt-recommendation',
        title: 'Adopt the European days',
        recommendationId: europeanDays,
        quorumPercent: 10,
        majority: 'simple',
        abstentions: 'counted',
        deadline: new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString(),
      });
      const crafted = new Y.Doc();
      Y.applyUpdate(crafted, await stateOf(europeanDays));
      const votedVector = Y.encodeStateVector(crafted);
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Slipped in after the restart')]);
      crafted.getXmlFragment('default').push([paragraph]);
      const slipped = Y.encodeStateAsUpdate(crafted, votedVector);

      const port = server.port;
      await server.stop();
      server = await startServer({ databaseUrl: database.url, port });

      const intruder = probe(url(fenced.id, await editor.collabToken()), {}, [syncFrame(2, outside), SYNC_STEP1]);
      const writer = probe(url(europeanDays, await editor.collabToken()), {}, [syncFrame(2, slipped), SYNC_STEP1]);
      expect(await intruder.outcome).toMatchObject({ closed: CollabCloseCode.outsidePassage });
      const answer = await writer.outcome;
      expect(answer).toMatchObject({ admitted: true, readOnly: true });
      expect((answer as { denied: string[] }).denied.some((reason) => reason.startsWith(FROZEN_REASON_PREFIX))).toBe(true);

      const forkAfter = await connect(delegate, fenced.id);
      expect(forkAfter.text()).not.toContain('Draft:');
      const textAfter = await connect(delegate, europeanDays);
      expect(textAfter.text()).not.toContain('Slipped in');
    });
  });
});
