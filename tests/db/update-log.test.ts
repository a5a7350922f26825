import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { databaseOptions } from '../../apps/server/src/database/database-options';
import { seedDemoNetwork } from '../../apps/server/src/database/seed/demo-seeder';
import { foldUpdates } from '../../apps/server/src/modules/collab/compaction';
import { UpdateLogRepository } from '../../apps/server/src/modules/collab/update-log.repository';
import { textOf } from '../fixtures/collab-client';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

/** The key a writer gives its updates: its id and a sequence number (see UpdateLogWriter). */
const TEST_WRITER = randomUUID();
let lastSeq = 0;
const nextSeq = () => ++lastSeq;

describe('update log on PostgreSQL with the real migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: UpdateLogRepository;
  let documentId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(databaseOptions(database.url));
    await dataSource.initialize();
    await dataSource.transaction((manager) => seedDemoNetwork(manager));
    repository = new UpdateLogRepository(dataSource);
    [{ id: documentId }] = await dataSource.query(`SELECT id FROM recommendation ORDER BY title LIMIT 1`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('runs every migration and keeps synchronize off', async () => {
    const migrations: { name: string }[] = await dataSource.query(`SELECT name FROM migrations`);
    expect(migrations.map((migration) => migration.name)).toEqual(dataSource.migrations.map((migration) => migration.name));
    expect(dataSource.options.synchronize).toBe(false);
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('seeds 16 partners with exactly one lead, and refuses a second lead', async () => {
    const [{ partners, leads }] = await dataSource.query(`SELECT count(*)::int AS partners, count(*) FILTER (WHERE is_lead)::int AS leads FROM partner`);
    expect({ partners, leads }).toEqual({ partners: 16, leads: 1 });
    await expect(dataSource.query(`UPDATE partner SET is_lead = true WHERE NOT is_lead AND town = 'Pordenone'`)).rejects.toThrow(/partner_one_lead_per_network/);
  });

  it('loads what was appended, in order, on top of the seeded state', async () => {
    const stored = await repository.load(documentId);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored!.state!);
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    doc.getXmlFragment('default').push([paragraph]);
    for (const character of 'appended') text.insert(text.length, character);
    await repository.append(TEST_WRITER, updates.map((data) => ({ documentId, data, seq: nextSeq() })));

    const reloaded = await repository.load(documentId);
    expect(reloaded!.updates).toHaveLength(updates.length);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, reloaded!.state!);
    reloaded!.updates.forEach((update) => Y.applyUpdate(copy, update));
    expect(textOf(copy.getXmlFragment('default'))).toBe(textOf(doc.getXmlFragment('default')));
    expect(await repository.load('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('compacts in one transaction: state and JSON updated, log emptied, nothing lost', async () => {
    const before = await repository.load(documentId);
    const folded = await repository.compact(documentId, foldUpdates);
    expect(folded).toBe(before!.updates.length);
    const after = await repository.load(documentId);
    expect(after!.updates).toEqual([]);
    const [{ content }] = await dataSource.query(`SELECT content FROM document WHERE id = $1`, [documentId]);
    expect(JSON.stringify(content)).toContain('appended');
  });

  it('loses no update when compactions run while other writers append', async () => {
    const second = new DataSource(databaseOptions(database.url));
    await second.initialize();
    const otherWriter = new UpdateLogRepository(second);
    try {
      const base = await repository.load(documentId);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, base!.state!);
      const lines: Y.XmlText[] = [];
      doc.transact(() => {
        for (let index = 0; index < 2; index++) {
          const paragraph = new Y.XmlElement('paragraph');
          const text = new Y.XmlText();
          paragraph.insert(0, [text]);
          doc.getXmlFragment('default').push([paragraph]);
          lines.push(text);
        }
      });
      await repository.append(TEST_WRITER, [{ documentId, data: Y.encodeStateAsUpdate(doc), seq: nextSeq() }]);
      const writes: Promise<void>[] = [];
      const compactions: Promise<number>[] = [];
      for (let round = 0; round < 40; round++) {
        for (const [index, writer] of [repository, otherWriter].entries()) {
          const updates: Uint8Array[] = [];
          const collect = (update: Uint8Array) => updates.push(update);
          doc.on('update', collect);
          lines[index].insert(lines[index].length, String(round % 10));
          doc.off('update', collect);
          writes.push(writer.append(TEST_WRITER, updates.map((data) => ({ documentId, data, seq: nextSeq() }))));
        }
        if (round % 5 === 0) compactions.push(repository.compact(documentId, foldUpdates), otherWriter.compact(documentId, foldUpdates));
      }
      await Promise.all([...writes, ...compactions]);
      const stored = await repository.load(documentId);
      const copy = new Y.Doc();
      Y.applyUpdate(copy, stored!.state!);
      stored!.updates.forEach((update) => Y.applyUpdate(copy, update));
      expect(textOf(copy.getXmlFragment('default'))).toBe(textOf(doc.getXmlFragment('default')));
      expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(doc));
    } finally {
      await second.destroy();
    }
  });

  it('folds without holding the document row lock: an append made during the fold is neither blocked nor lost', async () => {
    const stored = await repository.load(documentId);
    const doc = new Y.Doc();
    if (stored?.state) Y.applyUpdate(doc, stored.state);
    stored?.updates.forEach((update) => Y.applyUpdate(doc, update));
    const typed = (words: string) => {
      const updates: Uint8Array[] = [];
      const collect = (update: Uint8Array) => updates.push(update);
      doc.on('update', collect);
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(words)]);
      doc.getXmlFragment('default').push([paragraph]);
      doc.off('update', collect);
      return updates;
    };
    await repository.append(TEST_WRITER, typed('folded').map((data) => ({ documentId, data, seq: nextSeq() })));
    const folded = await repository.compact(documentId, async (snapshot) => {
      // An edit stored while the fold runs: it waits on the row lock if the fold holds it.
      await repository.append(TEST_WRITER, typed('appended during the fold').map((data) => ({ documentId, data, seq: nextSeq() })));
      return foldUpdates(snapshot);
    });
    expect(folded).toBeGreaterThan(0);
    const after = await repository.load(documentId);
    expect(after!.updates).toHaveLength(1);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, after!.state!);
    after!.updates.forEach((update) => Y.applyUpdate(copy, update));
    expect(textOf(copy.getXmlFragment('default'))).toContain('folded\nappended during the fold');
  });

  it('stores a batch spanning several documents and drops only the updates of a deleted one', async () => {
    const [{ network_id: networkId }] = await dataSource.query(`SELECT network_id FROM document WHERE id = $1`, [documentId]);
    const [{ id: doomed }] = await dataSource.query(`INSERT INTO document (network_id, kind) VALUES ($1, 'amendment') RETURNING id`, [networkId]);
    const [{ id: other }] = await dataSource.query(`INSERT INTO document (network_id, kind) VALUES ($1, 'amendment') RETURNING id`, [networkId]);
    await dataSource.query(`DELETE FROM document WHERE id = $1`, [doomed]);
    const update = (text: string) => {
      const doc = new Y.Doc();
      doc.getText('t').insert(0, text);
      return Y.encodeStateAsUpdate(doc);
    };
    await repository.append(TEST_WRITER, [
      { documentId: other, data: update('one'), seq: nextSeq() },
      { documentId: doomed, data: update('lost with its document'), seq: nextSeq() },
      { documentId: other, data: update('two'), seq: nextSeq() },
    ]);
    const stored = await repository.load(other);
    expect(stored!.updates.map((data) => { const doc = new Y.Doc(); Y.applyUpdate(doc, data); return doc.getText('t').toString(); })).toEqual(['one', 'two']);
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM document_update WHERE document_id = $1`, [doomed]);
    expect(count).toBe(0);
  });
});
