import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { databaseOptions, MIGRATIONS } from '../../apps/server/src/database/database-options';
import { DEMO_MEMBERS } from '../../apps/server/src/database/seed/demo-network';
import { seedDemoNetwork } from '../../apps/server/src/database/seed/demo-seeder';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

describe('marking the demo accounts of a database seeded before the mark existed', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(databaseOptions(database.url));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('marks exactly the seeded demo members, not members invited later', async () => {
    await dataSource.transaction((manager) => seedDemoNetwork(manager));
    const [{ network_id: networkId, partner_id: partnerId }] = await dataSource.query(`SELECT network_id, partner_id FROM member LIMIT 1`);
    await dataSource.query(`INSERT INTO member (network_id, partner_id, display_name, email, roles) VALUES ($1, $2, 'Invited Later', 'invited.later@demo.accord.example', '{editor}')`, [networkId, partnerId]);
    // Back to the schema an earlier demo seed was made with (no mark), then forward again.
    // Later migrations come off first, down to the one that added the mark.
    const hasMark = async (): Promise<boolean> =>
      (await dataSource.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'member' AND column_name = 'demo'`)).length > 0;
    for (let undone = 0; (await hasMark()) && undone < MIGRATIONS.length; undone++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await hasMark()).toBe(false);
    await dataSource.runMigrations({ transaction: 'each' });

    const marked: { email: string }[] = await dataSource.query(`SELECT email FROM member WHERE demo ORDER BY email`);
    expect(marked.map((row) => row.email)).toEqual(DEMO_MEMBERS.map((member) => member.email).sort());
  });
});
