import type { RecommendationSummary } from '@accord/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type MemberSession, signIn, signInAs, sql } from '../fixtures/accounts';
import { eventually, StockClient } from '../fixtures/collab-client';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const EUROPEAN_DAYS = 'Evropski dnevi v partnerskih mestih';

interface Contributor {
  memberId: string;
  displayName: string;
  partnerName: string;
}
interface VersionSummary {
  number: number;
  kind: string;
  name: string | null;
  contributors: Contributor[];
  createdBy: Contributor | null;
  wordsAdded: number;
  wordsRemoved: number;
  contentHash: string;
  chainHash: string;
  shortHash: string;
  restoredFrom: number | null;
}
interface VersionPage {
  versions: VersionSummary[];
  total: number;
}
interface DiffNode {
  node: 'block' | 'text';
  change: string;
  text?: string;
  authors?: string[];
  children?: DiffNode[];
}
interface Comparison {
  diff: { blocks: DiffNode[]; authors: string[]; wordsAdded: number; wordsRemoved: number };
  authors: Contributor[];
  wordsAdded: number;
}

/** The text runs of a diff, depth first. */
const runsOf = (nodes: readonly DiffNode[]): DiffNode[] => nodes.flatMap((node) => (node.node === 'text' ? [node] : runsOf(node.children ?? [])));

describe('version history over real sockets', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let coordinator: MemberSession;
  let editor: MemberSession;
  let commenter: MemberSession;
  let documentId: string;
  const clients: StockClient[] = [];
  const versionsPath = () => `/api/recommendations/${documentId}/versions`;

  async function connect(session: MemberSession): Promise<StockClient> {
    const client = new StockClient(server.wsUrl, documentId, { token: await session.collabToken() });
    clients.push(client);
    await client.synced();
    return client;
  }

  const page = () => coordinator.json<VersionPage>('GET', versionsPath());

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    editor = await signInAs(server.httpUrl, 'editor');
    commenter = await signInAs(server.httpUrl, 'commenter');
    documentId = (await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations')).find((recommendation) => recommendation.title === EUROPEAN_DAYS)!.id;
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.stop();
    await database?.drop();
  });

  it('makes an automatic version naming both editors when the last one leaves, whatever their presence says', async () => {
    const before = await coordinator.json<VersionSummary>('POST', versionsPath(), { name: 'Before the session' });
    expect(before).toMatchObject({ number: 1, kind: 'named', name: 'Before the session', createdBy: { memberId: coordinator.memberId } });

    const coordinatorClient = await connect(coordinator);
    const editorClient = await connect(editor);
    // The editor claims to be the coordinator in its presence: authorship must not believe it.
    editorClient.provider.awareness.setLocalStateField('user', { name: 'Maja Kranjc', memberId: coordinator.memberId });
    coordinatorClient.appendParagraph('The coordinator adds a sentence about the spring festival.');
    editorClient.appendParagraph('The editor adds youth exchanges between schools.');
    await eventually(() => coordinatorClient.text().includes('youth exchanges') && editorClient.text().includes('spring festival'), 'both edits on both clients');
    coordinatorClient.destroy();
    editorClient.destroy();

    await eventually(async () => (await page()).total === 2, 'an automatic version after the session');
    const [automatic] = (await page()).versions;
    expect(automatic.kind).toBe('automatic');
    expect(automatic.contributors.map((contributor) => contributor.memberId).sort()).toEqual([coordinator.memberId, editor.memberId].sort());
    expect(automatic.contributors.every((contributor) => contributor.partnerName.length > 0)).toBe(true);
    expect(automatic.wordsAdded).toBe(16);
    expect(automatic.wordsRemoved).toBe(0);
    expect(automatic.shortHash).toBe(automatic.chainHash.slice(0, 12));
  });

  it('compares two versions by structure, naming who typed each inserted paragraph', async () => {
    const comparison = await commenter.json<Comparison>('GET', `${versionsPath()}/1/compare/2`);
    const inserted = comparison.diff.blocks.filter((block) => block.change === 'insert');
    const authorOf = (phrase: string) => runsOf(inserted).find((run) => run.text?.includes(phrase))?.authors;
    expect(authorOf('spring festival')).toEqual([coordinator.memberId]);
    expect(authorOf('youth exchanges')).toEqual([editor.memberId]);
    expect(comparison.authors.map((author) => author.memberId).sort()).toEqual([coordinator.memberId, editor.memberId].sort());
    expect(runsOf(comparison.diff.blocks).filter((run) => run.change === 'delete')).toEqual([]);
    expect(comparison.diff.wordsAdded).toBe(16);
  });

  it('names the current state, renames it, and verifies the chain intact; a commenter may read but not name', async () => {
    const named = await editor.json<VersionSummary>('POST', versionsPath(), { name: 'Draft for the Bruxelles event' });
    expect(named).toMatchObject({ number: 3, kind: 'named', name: 'Draft for the Bruxelles event' });
    const renamed = await editor.json<VersionSummary>('PATCH', `${versionsPath()}/3`, { name: 'Draft for the Brussels event' });
    expect(renamed).toMatchObject({ number: 3, name: 'Draft for the Brussels event', chainHash: named.chainHash });

    expect((await commenter.request('POST', versionsPath(), { name: 'Mine' })).status).toBe(403);
    // An editor of another working group reads the history but may not name or restore here.
    const outsider = await signIn(server.httpUrl, 'editor.pordenone@demo.accord.example', 'demo-editor-pordenone');
    for (const [method, path] of [['POST', versionsPath()], ['POST', `${versionsPath()}/1/restore`]] as const) {
      const refused = await outsider.request(method, path, method === 'POST' && !path.endsWith('restore') ? { name: 'Mine' } : undefined);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { code: string; message: string }).code).toBe('VERSION_EDITING_NOT_ALLOWED');
    }
    expect((await outsider.json<VersionPage>('GET', versionsPath())).total).toBe(3);

    // A number past what PostgreSQL's integer holds names no version: 404, not a failed query.
    expect((await commenter.request('GET', `${versionsPath()}/99999999999999999999`)).status).toBe(404);
    expect((await commenter.request('GET', `${versionsPath()}/2147483648/verify`)).status).toBe(404);

    const verification = await commenter.json<{ intact: boolean; brokenAt: number | null; recomputedChainHash: string }>('GET', `${versionsPath()}/3/verify`);
    expect(verification).toMatchObject({ intact: true, brokenAt: null, recomputedChainHash: named.chainHash });
  });

  it('restores a version live into every open editor, keeping the current state first, and records it', async () => {
    const watcher = await connect(commenter);
    const writer = await connect(editor);
    writer.appendParagraph('An unsaved line written just before the restore.');
    await eventually(() => watcher.text().includes('unsaved line'), 'the watcher sees the new line');

    const restored = await editor.json<VersionSummary>('POST', `${versionsPath()}/1/restore`);
    expect(restored).toMatchObject({ kind: 'restore', restoredFrom: 1, createdBy: { memberId: editor.memberId } });

    await eventually(() => !watcher.text().includes('spring festival') && !watcher.text().includes('unsaved line'), 'the restore reaches the read-only watcher');
    await eventually(() => !writer.text().includes('youth exchanges'), 'the restore reaches the other editor');
    const versions = (await page()).versions;
    const [restore, kept] = versions;
    expect(restore.number).toBe(kept.number + 1);
    expect(kept.kind).toBe('automatic');
    const keptVersion = await coordinator.json<{ content: unknown }>('GET', `${versionsPath()}/${kept.number}`);
    expect(JSON.stringify(keptVersion.content)).toContain('unsaved line');
    const first = versions.find((version) => version.number === 1)!;
    expect(restore.contentHash).toBe(first.contentHash);

    const audit = await coordinator.json<{ action: string; subjectId: string | null }[]>('GET', '/api/audit');
    expect(audit.some((event) => event.action === 'version.restored' && event.subjectId === documentId)).toBe(true);
  });

  it('names who deleted text in a diff, by the server’s record of the deleting connection, even under a borrowed client id', async () => {
    const coordinatorClient = await connect(coordinator);
    coordinatorClient.appendParagraph('Partner towns publish their yearly accounts in plain language.');
    const editorClient = await connect(editor);
    await eventually(() => editorClient.text().includes('yearly accounts'), 'the editor sees the new paragraph');
    const before = await coordinator.json<VersionSummary>('POST', versionsPath(), { name: 'Before the cut' });

    // The editor cuts words from the coordinator's paragraph, under the coordinator's own client id.
    const ownId = editorClient.doc.clientID;
    const borrowedId = coordinatorClient.doc.clientID;
    editorClient.doc.clientID = borrowedId;
    const paragraphs = editorClient.fragment.toArray();
    const text = (paragraphs[paragraphs.length - 1] as Y.XmlElement).get(0) as Y.XmlText;
    text.delete('Partner towns publish their '.length, 'yearly '.length);
    text.insert(text.length - 1, ' online');
    await eventually(() => coordinatorClient.text().includes('their accounts in plain language online.'), 'the cut reaches the coordinator');

    await eventually(async () => {
      const comparison = await commenter.json<Comparison>('GET', `${versionsPath()}/${before.number}/compare/current`);
      const changed = runsOf(comparison.diff.blocks).filter((run) => run.change !== 'equal');
      return changed.some((run) => run.change === 'delete' && run.text?.includes('yearly') && run.authors?.[0] === editor.memberId)
        && changed.some((run) => run.change === 'insert' && run.text?.includes('online') && run.authors?.[0] === editor.memberId);
    }, 'the diff names the editor as deleter and as author of the inserted word');
    // Presence states are kept under the ids the clients started with (Yjs gave the coordinator's
    // client a new id on seeing its own come back): give those back before closing.
    editorClient.doc.clientID = ownId;
    coordinatorClient.doc.clientID = borrowedId;
    coordinatorClient.destroy();
    editorClient.destroy();
  });

  it('says the chain is broken after a stored version is changed in SQL', async () => {
    await sql(database.url, `ALTER TABLE document_version DISABLE TRIGGER document_version_append_only`);
    await sql(database.url, `UPDATE document_version SET content = jsonb_set(content, '{content,0}', '{"type":"paragraph"}') WHERE document_id = $1 AND number = 2`, [documentId]);
    await sql(database.url, `ALTER TABLE document_version ENABLE TRIGGER document_version_append_only`);
    const total = (await page()).total;
    const verification = await commenter.json<{ intact: boolean; brokenAt: number | null; reason: string }>('GET', `${versionsPath()}/${total}/verify`);
    expect(verification).toMatchObject({ intact: false, brokenAt: 2, reason: 'content' });
    expect((await commenter.json<{ intact: boolean }>('GET', `${versionsPath()}/1/verify`)).intact).toBe(true);
  });
});

describe('a working session ended by a server shutdown', () => {
  let database: TestDatabase;
  let server: ServerProcess | null = null;

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('is kept as an automatic version before the database closes', async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    const editor = await signInAs(server.httpUrl, 'editor');
    const documentId = (await editor.json<RecommendationSummary[]>('GET', '/api/recommendations')).find((recommendation) => recommendation.title === EUROPEAN_DAYS)!.id;
    const writer = new StockClient(server.wsUrl, documentId, { token: await editor.collabToken() });
    const reader = new StockClient(server.wsUrl, documentId, { token: await editor.collabToken() });
    try {
      await Promise.all([writer.synced(), reader.synced()]);
      writer.appendParagraph('Typed just before the server was stopped for an upgrade.');
      await eventually(() => reader.text().includes('stopped for an upgrade'), 'the edit on the server');
      // The editors are still connected: the shutdown closes their connections and ends the session.
      expect(await server.stop()).toBe(0);
    } finally {
      writer.destroy();
      reader.destroy();
    }
    const output = server.output();
    expect(output).not.toContain('Unexpected error in automatic version');
    expect(output).not.toContain('Connection terminated');

    server = await startServer({ databaseUrl: database.url });
    const coordinator = await signInAs(server.httpUrl, 'coordinator');
    const { versions } = await coordinator.json<VersionPage>('GET', `/api/recommendations/${documentId}/versions`);
    expect(versions[0]).toMatchObject({ kind: 'automatic', contributors: [expect.objectContaining({ memberId: editor.memberId })] });
    // The version holds the text as it was when the server stopped.
    const version = await coordinator.json<{ content: unknown }>('GET', `/api/recommendations/${documentId}/versions/${versions[0].number}`);
    expect(JSON.stringify(version.content)).toContain('Typed just before the server was stopped for an upgrade.');
  });
});
