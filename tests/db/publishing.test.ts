import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOptions } from '../../apps/server/src/database/database-options';
import { seedDemoNetwork } from '../../apps/server/src/database/seed/demo-seeder';
import { PublishingRepository, type EditionSlot, type NewEdition } from '../../apps/server/src/modules/publishing/publishing.repository';
import { chainHashOf, contentHashOf } from '../../apps/server/src/modules/versions/version-hash';
import { VersionsRepository } from '../../apps/server/src/modules/versions/versions.repository';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

describe('editions on PostgreSQL with the real migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let publishing: PublishingRepository;
  let networkId: string;
  let publisherId: string;
  /** Recommendations made for this test, each with one version, all adopted. */
  const adopted: string[] = [];
  const versionIds = new Map<string, string>();

  const content = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
  const edition = (recommendationId: string, slots: EditionSlot[], erratumReason: string | null = null) => async (slot: EditionSlot): Promise<NewEdition> => {
    slots.push(slot);
    const bytes = Buffer.from(`edition ${slot.year}/${slot.sequence} #${slot.editionNumber}`);
    return {
      title: 'Test recommendation',
      language: 'en',
      languages: ['en'],
      versionId: versionIds.get(recommendationId)!,
      versionNumber: 1,
      content: content('text'),
      contentHash: contentHashOf(content('text')),
      chainHash: chainHashOf(null, contentHashOf(content('text'))),
      ballotId: null,
      ballot: null,
      publisherId,
      publisherName: 'Maja Kranjc',
      publisherPartner: 'Municipality of Ptuj',
      erratumReason,
      exports: [{ kind: 'markdown', mediaType: 'text/markdown', fileName: `file-${slot.sequence}-${slot.editionNumber}.md`, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), renderMs: 1 }],
    };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(databaseOptions(database.url));
    await dataSource.initialize();
    networkId = await dataSource.transaction((manager) => seedDemoNetwork(manager));
    publishing = new PublishingRepository(dataSource);
    const versions = new VersionsRepository(dataSource);
    [{ id: publisherId }] = await dataSource.query(`SELECT id FROM member WHERE email = 'coordinator@demo.accord.example'`);
    const [{ id: groupId }]: { id: string }[] = await dataSource.query(`SELECT id FROM working_group WHERE network_id = $1 LIMIT 1`, [networkId]);
    for (let index = 0; index < 8; index++) {
      const [{ id }]: { id: string }[] = await dataSource.query(`INSERT INTO document (network_id, kind) VALUES ($1, 'recommendation') RETURNING id`, [networkId]);
      await dataSource.query(`INSERT INTO recommendation (id, network_id, working_group_id, title, theme, level, status) VALUES ($1, $2, $3, $4, 'solidarity', 'eu', 'adopted')`, [id, networkId, groupId, `Adopted ${index}`]);
      const contentHash = contentHashOf(content(`text ${index}`));
      await versions.append(id, () => ({ kind: 'named', name: 'adopted', createdBy: null, state: new Uint8Array([0, 0]), content: content(`text ${index}`), contentHash, chainHash: chainHashOf(null, contentHash), wordsAdded: 2, wordsRemoved: 0, contributorIds: [] }));
      const [{ id: versionId }]: { id: string }[] = await dataSource.query(`SELECT id FROM document_version WHERE document_id = $1`, [id]);
      versionIds.set(id, versionId);
      adopted.push(id);
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('gives concurrent publications distinct, consecutive numbers in the network’s series', async () => {
    const slots: EditionSlot[] = [];
    const outcomes = await Promise.all(adopted.slice(0, 6).map((id) => publishing.publish(networkId, id, false, edition(id, slots))));
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const rows: { sequence: number; year: number; series: string }[] = await dataSource.query(`SELECT sequence, year, series FROM edition WHERE network_id = $1 ORDER BY sequence`, [networkId]);
    expect(rows.map((row) => row.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(rows.map((row) => row.year)).size).toBe(1);
    expect(rows[0].series).toBe('EC-NET Recommendation');
    const statuses: { status: string }[] = await dataSource.query(`SELECT status FROM recommendation WHERE id = ANY($1::uuid[])`, [adopted.slice(0, 6)]);
    expect(statuses.every((row) => row.status === 'published')).toBe(true);
  });

  it('publishes a recommendation once when two coordinators publish it at the same moment', async () => {
    const id = adopted[6];
    const outcomes = await Promise.all([publishing.publish(networkId, id, false, edition(id, [])), publishing.publish(networkId, id, false, edition(id, []))]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([{ ok: false, reason: 'not-adopted' }]);
    expect(await publishing.editionsOf(id)).toHaveLength(1);
  });

  it('numbers errata as the next edition of the same number, also when published concurrently', async () => {
    const id = adopted[0];
    const [first] = await publishing.editionsOf(id);
    const outcomes = await Promise.all([1, 2, 3].map((n) => publishing.publish(networkId, id, true, edition(id, [], `correction ${n}`))));
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const editions = await publishing.editionsOf(id);
    expect(editions.map((row) => [row.year, row.sequence, row.editionNumber])).toEqual([1, 2, 3, 4].map((n) => [first.year, first.sequence, n]));
    expect(editions[0].erratumReason).toBeNull();
    expect(editions.slice(1).every((row) => row.erratumReason?.startsWith('correction'))).toBe(true);
  });

  it('refuses an erratum of an unpublished recommendation and a first edition of a published one', async () => {
    expect(await publishing.publish(networkId, adopted[7], true, edition(adopted[7], [], 'typo'))).toEqual({ ok: false, reason: 'not-published' });
    expect(await publishing.publish(networkId, adopted[0], false, edition(adopted[0], []))).toEqual({ ok: false, reason: 'not-adopted' });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on editions and their files', async () => {
    const [row] = await publishing.editionsOf(adopted[1]);
    await expect(dataSource.query(`UPDATE edition SET title = 'Changed' WHERE id = $1`, [row.id])).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`UPDATE edition SET content_hash = $2 WHERE id = $1`, [row.id, 'f'.repeat(64)])).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`DELETE FROM edition WHERE id = $1`, [row.id])).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`UPDATE edition_export SET bytes = 'x'::bytea, sha256 = encode(sha256('x'::bytea), 'hex'), size = 1 WHERE edition_id = $1`, [row.id])).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`DELETE FROM edition_export WHERE edition_id = $1`, [row.id])).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`TRUNCATE edition_export`)).rejects.toThrow(/immutable/);
    await expect(dataSource.query(`TRUNCATE edition CASCADE`)).rejects.toThrow(/immutable/);
    // A published recommendation cannot be deleted either: its editions keep it.
    await expect(dataSource.query(`DELETE FROM document WHERE id = $1`, [adopted[1]])).rejects.toThrow(/foreign key|violates/);
    expect((await publishing.editionsOf(adopted[1]))[0]).toEqual(row);
  });

  it('stores a file only with the SHA-256 and size of its bytes', async () => {
    const [row] = await publishing.editionsOf(adopted[2]);
    await expect(dataSource.query(`INSERT INTO edition_export (edition_id, kind, media_type, file_name, bytes, sha256, size, render_ms) VALUES ($1, 'html', 'text/html', 'x.html', 'abc'::bytea, $2, 3, 1)`, [row.id, 'a'.repeat(64)])).rejects.toThrow(/check constraint/);
    await expect(dataSource.query(`INSERT INTO edition_export (edition_id, kind, media_type, file_name, bytes, sha256, size, render_ms) VALUES ($1, 'html', 'text/html', 'x.html', 'abc'::bytea, encode(sha256('abc'::bytea), 'hex'), 4, 1)`, [row.id])).rejects.toThrow(/check constraint/);
    const [file] = await publishing.exportsOf([row.id]);
    expect(await publishing.exportsWithHash(file.sha256)).toMatchObject([{ file: { fileName: file.fileName }, edition: { id: row.id }, networkSlug: 'ec-net' }]);
  });
});
