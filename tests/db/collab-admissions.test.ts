import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../apps/server/src/database/database-options';
import { seedDemoNetwork } from '../../apps/server/src/database/seed/demo-seeder';
import { AuthRepository } from '../../apps/server/src/modules/auth/auth.repository';
import { hashSecretToken } from '../../apps/server/src/modules/auth/secret-token';
import { CollabAdmissionRepository } from '../../apps/server/src/modules/collab/collab-admission.repository';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

describe('the statement behind a collaboration upgrade, on PostgreSQL with the real migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let auth: AuthRepository;
  let admissions: CollabAdmissionRepository;
  const member = new Map<string, string>();
  let draftId: string;
  let amendmentDocumentId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(databaseOptions(database.url));
    await dataSource.initialize();
    await dataSource.transaction((manager) => seedDemoNetwork(manager));
    auth = new AuthRepository(dataSource);
    admissions = new CollabAdmissionRepository(dataSource);
    for (const role of ['editor', 'commenter', 'delegate']) {
      const [{ id }]: { id: string }[] = await dataSource.query(`SELECT id FROM member WHERE email = $1`, [`${role}@demo.accord.example`]);
      member.set(role, id);
    }
    [{ id: draftId }] = await dataSource.query(`SELECT id FROM recommendation ORDER BY created_at LIMIT 1`);
    // The demo has an amendment with its fork.
    [{ id: amendmentDocumentId }] = await dataSource.query(`SELECT id FROM amendment LIMIT 1`);
    const live = new Date(Date.now() + 60_000);
    const past = new Date(Date.now() - 60_000);
    const session = (token: string, role: string, expiresAt: Date, kind: 'browser' | 'collab' = 'browser', parentSessionId: string | null = null) =>
      auth.createSession({ tokenHash: hashSecretToken(token), memberId: member.get(role)!, kind, parentSessionId, csrfToken: null, remoteAddress: null, userAgent: null, expiresAt });
    const editorBrowser = await session('editor-browser', 'editor', live);
    await session('editor-collab', 'editor', live, 'collab', editorBrowser.id);
    await session('commenter-browser', 'commenter', live);
    await session('delegate-expired', 'delegate', past);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('gives each upgrade its own answer, many at once: its member, partner and document, or none', async () => {
    const missingDocument = '00000000-0000-4000-8000-000000000000';
    const asked = [
      { token: 'editor-browser', kind: 'browser', documentId: draftId },
      { token: 'no-such-session', kind: 'browser', documentId: draftId },
      { token: 'commenter-browser', kind: 'browser', documentId: missingDocument },
      { token: 'editor-collab', kind: 'collab', documentId: draftId },
      // A collaboration token presented as a browser session, and the other way round, is not live.
      { token: 'editor-collab', kind: 'browser', documentId: draftId },
      { token: 'editor-browser', kind: 'collab', documentId: draftId },
      { token: 'delegate-expired', kind: 'browser', documentId: draftId },
      { token: 'commenter-browser', kind: 'browser', documentId: draftId },
    ] as const;
    const answers = await Promise.all(asked.map(({ token, kind, documentId }) => admissions.find(hashSecretToken(token), kind, documentId)));

    expect(answers.map((answer) => answer?.member.memberId ?? null)).toEqual([
      member.get('editor'),
      null,
      member.get('commenter'),
      member.get('editor'),
      null,
      null,
      null,
      member.get('commenter'),
    ]);
    const [{ network_id: networkId, working_group_id: workingGroupId }]: { network_id: string; working_group_id: string }[] = await dataSource.query(
      `SELECT network_id, working_group_id FROM recommendation WHERE id = $1`,
      [draftId],
    );
    expect(answers[0]?.scope).toEqual({ networkId, workingGroupId, amendment: null });
    expect(answers[2]?.scope).toBeNull();
    expect(answers[3]?.member.parentSessionId).not.toBeNull();
    const [{ name: partnerName }]: { name: string }[] = await dataSource.query(`SELECT p.name FROM partner p JOIN member m ON m.partner_id = p.id WHERE m.id = $1`, [member.get('commenter')]);
    expect(answers[7]?.partnerName).toBe(partnerName);
  });

  it('reads an amendment fork with its status and authors', async () => {
    const answer = await admissions.find(hashSecretToken('editor-browser'), 'browser', amendmentDocumentId);
    expect(answer?.scope?.amendment?.status).toBeTruthy();
    const authors: { member_id: string }[] = await dataSource.query(`SELECT member_id FROM amendment_author WHERE amendment_id = $1`, [amendmentDocumentId]);
    expect([...(answer?.scope?.amendment?.authorIds ?? [])].sort()).toEqual(authors.map((row) => row.member_id).sort());
  });

  it('answers six hundred upgrades at once (a reconnect storm), each its own', async () => {
    const tokens = Array.from({ length: 600 }, (_, i) => (i % 3 === 0 ? 'editor-browser' : i % 3 === 1 ? 'commenter-browser' : 'nobody'));
    const answers = await Promise.all(tokens.map((token) => admissions.find(hashSecretToken(token), 'browser', draftId)));
    expect(answers.map((answer) => answer?.member.memberId ?? null)).toEqual(tokens.map((token) => (token === 'nobody' ? null : member.get(token.split('-')[0]))));
  });
});
