import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOptions } from '../../apps/server/src/database/database-options';
import { seedDemoNetwork } from '../../apps/server/src/database/seed/demo-seeder';
import { DEMO_HISTORY_TITLE } from '../../apps/server/src/database/seed/demo-versions';
import { chainHashOf, contentHashOf, verifyChain } from '../../apps/server/src/modules/versions/version-hash';
import { VersionsRepository, type VersionRow } from '../../apps/server/src/modules/versions/versions.repository';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const TWINNING = 'Town twinning 2.0: year-round exchanges for young people';

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

  it('takes a document’s history along when the document is deleted', async () => {
    const documentId = ids.get(TWINNING)!;
    await dataSource.query(`DELETE FROM document WHERE id = $1`, [documentId]);
    expect(await versions.chain(documentId, 100)).toEqual([]);
  });
});
