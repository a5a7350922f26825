import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { databaseOptions } from '../../apps/server/src/database/database-options';
import { seedDemoNetwork } from '../../apps/server/src/database/seed/demo-seeder';
import { type LoggedUpdate, UpdateLogRepository } from '../../apps/server/src/modules/collab/update-log.repository';
import { MAX_BATCH_BYTES, UpdateLogWriter } from '../../apps/server/src/modules/collab/update-log-writer';
import { eventually } from '../fixtures/collab-client';
import { TcpProxy } from '../fixtures/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

/** Updates that type `count` paragraphs of `size` characters each into a fresh document. */
function typedUpdates(count: number, size: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let index = 0; index < count; index++) {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(`${index}:`.padEnd(size, 'x'))]);
    doc.getXmlFragment('default').push([paragraph]);
  }
  doc.destroy();
  return updates;
}

describe('the update log writer on PostgreSQL', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let dataSource: DataSource;
  let direct: DataSource;
  let repository: UpdateLogRepository;
  let documentId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    direct = new DataSource(databaseOptions(database.url));
    await direct.initialize();
    await direct.transaction((manager) => seedDemoNetwork(manager));
    [{ id: documentId }] = await direct.query(`SELECT id FROM recommendation ORDER BY title LIMIT 1`);
    const target = new URL(database.url);
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    dataSource = new DataSource({ ...databaseOptions(proxy.rewrite(database.url)), migrationsRun: false });
    await dataSource.initialize();
    repository = new UpdateLogRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy().catch(() => undefined);
    await proxy?.cut();
    await direct?.destroy();
    await database?.drop();
  });

  const rowsOf = async (writerId: string): Promise<number> =>
    (await direct.query(`SELECT count(*)::int AS count FROM document_update WHERE writer_id = $1`, [writerId]))[0].count as number;

  it('retries a batch whose commit answer was lost without storing any update twice', async () => {
    const writer = new UpdateLogWriter(repository, { durable: () => undefined, storageStateChanged: () => undefined }, { maxQueuedBytes: 1 << 20, retryInitialMs: 20 });
    const updates = typedUpdates(5, 20);
    proxy.loseAnswers();
    for (const update of updates) writer.enqueue(documentId, update);
    // The statement commits, but the writer never hears so: it waits for an answer that never comes.
    await eventually(async () => (await rowsOf(writer.writerId)) === updates.length, 'the batch is committed');
    await proxy.cut();
    await proxy.restore();
    expect(await writer.flush(15_000)).toBe(true);
    expect(await rowsOf(writer.writerId)).toBe(updates.length);
    const stored = await repository.load(documentId);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, stored!.state!);
    stored!.updates.forEach((update) => Y.applyUpdate(copy, update));
    expect(copy.getXmlFragment('default').toString()).toContain('4:xxxx');
  });

  it(`writes a large outage queue in statements of at most ${MAX_BATCH_BYTES / 1024 / 1024} MiB`, async () => {
    const statements: number[] = [];
    const counting = {
      append: (writerId: string, batch: readonly LoggedUpdate[]) => {
        statements.push(batch.reduce((bytes, update) => bytes + update.data.byteLength, 0));
        return repository.append(writerId, batch);
      },
    };
    const writer = new UpdateLogWriter(counting, { durable: () => undefined, storageStateChanged: () => undefined }, { maxQueuedBytes: 64 << 20, retryInitialMs: 20, retryMaxMs: 50 });
    await proxy.cut();
    const updates = typedUpdates(40, 256 * 1024);
    for (const update of updates) writer.enqueue(documentId, update);
    await eventually(() => statements.length > 0, 'the writer tried during the outage');
    const tried = statements.length;
    await proxy.restore();
    expect(await writer.flush(30_000)).toBe(true);
    const written = statements.slice(tried);
    expect(written.length).toBeGreaterThanOrEqual(3);
    for (const bytes of written) expect(bytes).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(await rowsOf(writer.writerId)).toBe(updates.length);
  });
});
