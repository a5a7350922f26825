import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOptions } from '../../apps/server/src/database/database-options';
import { seedDemoNetwork } from '../../apps/server/src/database/seed/demo-seeder';
import { DEMO_HISTORY_TITLE } from '../../apps/server/src/database/seed/demo-versions';
import { chainHashOf, contentHashOf, verifyChain } from '../../apps/server/src/modules/versions/version-hash';
import { VersionsRepository, type VersionRow } from '../../apps/server/src/modules/versions/versions.repository';
import { observeChange } from '../../apps/server/src/modules/collab/text-change';
import { clientsOf, compareStates, type AuthoredRange } from '../../apps/server/src/modules/versions/version-comparison';
import { prosemirrorJsonToYDoc, type DiffNode, type DiffText } from '@accord/editor';
import { DOCUMENT_FRAGMENT } from '@accord/contracts';
import * as Y from 'yjs';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const TWINNING = 'Town twinning 2.0: year-round exchanges for young people';
const EUROPEAN_DAYS = 'Evropski dnevi v partnerskih mestih';

/** The text runs of a diff, depth first. */
const runsOf = (nodes: readonly DiffNode[]): DiffText[] => nodes.flatMap((node) => (node.node === 'text' ? [node] : runsOf(node.children)));

describe('versions on PostgreSQL with the real migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let versions: VersionsRepository;
  const ids = new Map<string, string>();

  const content = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
  const named = (text: string, name: string) => (previous: VersionRow | null) => {
    const contentHash = contentHashOf(content(text));
    return {
      kind: 'named' as const,
      name,
      createdBy: null,
      state: new Uint8Array([0, 0]),
      content: content(text),
      contentHash,
      chainHash: chainHashOf(previous?.chainHash ?? null, contentHash),
      wordsAdded: 1,
      wordsRemoved: 0,
      contributorIds: [],
    };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(databaseOptions(database.url));
    await dataSource.initialize();
    await dataSource.transaction((manager) => seedDemoNetwork(manager));
    versions = new VersionsRepository(dataSource);
    for (const row of (await dataSource.query(`SELECT id, title FROM recommendation`)) as { id: string; title: string }[]) ids.set(row.title, row.id);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('seeds a demo history whose chain verifies, with its named version', async () => {
    const chain = await versions.chain(ids.get(DEMO_HISTORY_TITLE)!, 100);
    expect(chain.map((version) => [version.kind, version.name])).toEqual([
      ['automatic', null],
      ['automatic', null],
      ['named', 'Draft for the Bruxelles event'],
    ]);
    expect(verifyChain(chain).intact).toBe(true);
  });

  it('gives concurrent named versions distinct, consecutive numbers, each chained to the one before', async () => {
    const documentId = ids.get(TWINNING)!;
    const numbers = await Promise.all(Array.from({ length: 8 }, (_, index) => versions.append(documentId, named(`text ${index}`, `name ${index}`))));
    expect([...numbers].sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(verifyChain(await versions.chain(documentId, 8))).toMatchObject({ intact: true });
  });

  it('refuses to change a version’s content or hashes, or to delete it; renaming is allowed', async () => {
    const documentId = ids.get(TWINNING)!;
    await expect(dataSource.query(`UPDATE document_version SET content_hash = $2 WHERE document_id = $1 AND number = 1`, [documentId, 'f'.repeat(64)])).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`UPDATE document_version SET content = '{}'::jsonb WHERE document_id = $1 AND number = 1`, [documentId])).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`UPDATE document_version SET chain_hash = $2 WHERE document_id = $1 AND number = 2`, [documentId, '0'.repeat(64)])).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM document_version WHERE document_id = $1 AND number = 8`, [documentId])).rejects.toThrow(/append-only/);
    expect(await versions.rename(documentId, 1, 'Renamed')).toBe(true);
    expect((await versions.find(documentId, 1))?.name).toBe('Renamed');
    expect((await versions.chain(documentId, 8)).length).toBe(8);
  });

  it('breaks verification when a stored row is changed behind the trigger’s back', async () => {
    const documentId = ids.get(TWINNING)!;
    await dataSource.transaction(async (manager) => {
      await manager.query(`ALTER TABLE document_version DISABLE TRIGGER document_version_append_only`);
      await manager.query(`UPDATE document_version SET content = $2 WHERE document_id = $1 AND number = 3`, [documentId, JSON.stringify(content('forged'))]);
      await manager.query(`ALTER TABLE document_version ENABLE TRIGGER document_version_append_only`);
    });
    expect(verifyChain(await versions.chain(documentId, 8))).toMatchObject({ intact: false, brokenAt: 3, reason: 'content' });
    expect(verifyChain(await versions.chain(documentId, 2))).toMatchObject({ intact: true });
  });

  it('names who deleted text and who inserted it by the clock ranges each member’s connection sent, even under a borrowed client id', async () => {
    const documentId = ids.get(EUROPEAN_DAYS)!;
    const members: { id: string; email: string }[] = await dataSource.query(`SELECT id, email FROM member ORDER BY email`);
    const [author, deleter, borrower] = members.map((member) => member.id);
    const live = prosemirrorJsonToYDoc(content('Towns should fund youth councils every year.'));
    const original = [...Y.decodeStateVector(Y.encodeStateVector(live)).keys()][0];
    await versions.recordAuthorship(documentId, author, [original]);
    const before = Y.encodeStateAsUpdate(live);

    /** An edit as the server receives it: an update from a client, applied with its connection as origin. */
    const receive = async (memberId: string, clientId: number, edit: (text: Y.XmlText) => void) => {
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(live));
      // Set after loading: Yjs would otherwise pick a new id on seeing its own id in the loaded state.
      client.clientID = clientId;
      edit((client.getXmlFragment(DOCUMENT_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText);
      const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(live));
      client.destroy();
      const origin = { memberId };
      // The clients whose structs the update carries (what the server's update check returns).
      const clients = [...new Set(Y.decodeUpdate(update).structs.map((struct) => struct.id.client))];
      const change = observeChange(live, origin, clients, () => Y.applyUpdate(live, update, origin));
      const ranges = (list: { client: number; clock: number; length: number }[]): AuthoredRange[] => list.map((range) => ({ client: range.client, start: range.clock, end: range.clock + range.length, memberId }));
      await versions.recordRanges(documentId, 'insert', ranges(change.inserted));
      await versions.recordRanges(documentId, 'delete', ranges(change.deleted));
    };
    await receive(deleter, 5_005, (text) => text.delete('Towns should fund youth councils'.length, ' every year'.length));
    // The borrower's editor reuses the original author's client id: its new text is still the borrower's.
    await receive(borrower, original, (text) => text.insert('Towns should fund '.length, 'local '));
    const after = Y.encodeStateAsUpdate(live);

    const afterClients = clientsOf(after);
    const { diff } = compareStates({
      before,
      after,
      inserted: await versions.rangesOf(documentId, 'insert', afterClients),
      deleted: await versions.rangesOf(documentId, 'delete', clientsOf(before)),
      clientAuthors: [...(await versions.authorsOf(documentId, afterClients))],
    });
    const changed = runsOf(diff.blocks).filter((run) => run.change !== 'equal');
    expect(changed.map((run) => [run.change, run.text.trim(), run.authors])).toEqual([
      ['insert', 'local', [borrower]],
      ['delete', 'every year', [deleter]],
    ]);
    live.destroy();
  });

  it('takes a document’s history along when the document is deleted', async () => {
    const documentId = ids.get(TWINNING)!;
    await dataSource.query(`DELETE FROM document WHERE id = $1`, [documentId]);
    expect(await versions.chain(documentId, 100)).toEqual([]);
  });
});
