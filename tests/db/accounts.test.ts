import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../apps/server/src/database/database-options';
import { seedDemoNetwork } from '../../apps/server/src/database/seed/demo-seeder';
import { AuthRepository } from '../../apps/server/src/modules/auth/auth.repository';
import { hashSecretToken, verifyPassword } from '../../apps/server/src/modules/auth/secret-token';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

describe('accounts on PostgreSQL with the real migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: AuthRepository;
  let editorId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(databaseOptions(database.url));
    await dataSource.initialize();
    await dataSource.transaction((manager) => seedDemoNetwork(manager));
    repository = new AuthRepository(dataSource);
    [{ id: editorId }] = await dataSource.query(`SELECT id FROM member WHERE email = 'editor@demo.accord.example'`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('seeds argon2id password hashes, never the passwords', async () => {
    const member = await repository.findMemberForSignIn('EDITOR@demo.accord.example');
    expect(member?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(member!.passwordHash!, 'demo-editor')).toBe(true);
    expect(await verifyPassword(member!.passwordHash!, 'demo-editors')).toBe(false);
  });

  it('keeps e-mail addresses unique regardless of case, across networks', async () => {
    const [{ network_id: networkId, partner_id: partnerId }] = await dataSource.query(`SELECT network_id, partner_id FROM member WHERE id = $1`, [editorId]);
    await expect(dataSource.query(`INSERT INTO member (network_id, partner_id, display_name, email) VALUES ($1, $2, 'Copy', 'Editor@Demo.Accord.Example')`, [networkId, partnerId])).rejects.toThrow(
      /member_email_unique/,
    );
  });

  it('consumes an account token exactly once, even when two requests race', async () => {
    const tokenHash = hashSecretToken('race-token');
    await repository.createAccountToken({ tokenHash, memberId: editorId, purpose: 'invitation', createdBy: null, expiresAt: new Date(Date.now() + 60_000) });
    const results = await Promise.all([0, 1, 2].map(() => dataSource.transaction((manager) => repository.consumeAccountToken(manager, tokenHash, 'invitation'))));
    expect(results.filter((memberId) => memberId === editorId)).toHaveLength(1);
    expect(results.filter((memberId) => memberId === null)).toHaveLength(2);
    // The wrong purpose never matches.
    const resetHash = hashSecretToken('reset-token');
    await repository.createAccountToken({ tokenHash: resetHash, memberId: editorId, purpose: 'password_reset', createdBy: null, expiresAt: new Date(Date.now() + 60_000) });
    expect(await dataSource.transaction((manager) => repository.consumeAccountToken(manager, resetHash, 'invitation'))).toBeNull();
  });

  it('counts failed sign-ins per account since its last success, and per address', async () => {
    const limits = { perAccount: 100, perAddress: 100 };
    for (const succeeded of [false, false, true, false]) {
      const { attemptId } = await repository.beginAttempt('delegate@demo.accord.example', '10.0.0.1', 15, limits);
      if (succeeded) await repository.markAttemptSucceeded(attemptId!);
    }
    await repository.beginAttempt('someone@else.example', '10.0.0.1', 15, limits);
    expect((await repository.beginAttempt('Delegate@demo.accord.example', '10.0.0.1', 15, limits)).failures).toEqual({ account: 1, address: 4 });
  });

  it('lets no more than the limit of parallel attempts through to the password check', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 12 }, () => repository.beginAttempt('commenter@demo.accord.example', '10.0.0.2', 15, { perAccount: 5, perAddress: 100 })),
    );
    expect(attempts.filter((attempt) => attempt.attemptId !== null)).toHaveLength(5);
  });

  it('ends a collaboration token with the browser session it was issued to', async () => {
    const expiresAt = new Date(Date.now() + 60_000);
    const browser = await repository.createSession({ tokenHash: hashSecretToken('browser-session'), memberId: editorId, kind: 'browser', parentSessionId: null, csrfToken: 'csrf', remoteAddress: null, userAgent: null, expiresAt });
    await repository.createSession({ tokenHash: hashSecretToken('collab-token'), memberId: editorId, kind: 'collab', parentSessionId: browser.id, csrfToken: null, remoteAddress: null, userAgent: null, expiresAt });
    expect(await repository.findSession(hashSecretToken('collab-token'), 'collab')).toMatchObject({ memberId: editorId, parentSessionId: browser.id });
    await repository.deleteSession(browser.id);
    expect(await repository.findSession(hashSecretToken('collab-token'), 'collab')).toBeNull();
  });
});
