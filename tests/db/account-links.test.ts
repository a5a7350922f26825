import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DataSource } from 'typeorm';
import { validateConfig, type AppConfig } from '../../apps/server/src/config/app-config';
import { databaseOptions } from '../../apps/server/src/database/database-options';
import { seedDemoNetwork } from '../../apps/server/src/database/seed/demo-seeder';
import { AuditRepository } from '../../apps/server/src/modules/audit/audit.repository';
import { AuditService } from '../../apps/server/src/modules/audit/audit.service';
import { AuthRepository } from '../../apps/server/src/modules/auth/auth.repository';
import { AuthService } from '../../apps/server/src/modules/auth/auth.service';
import * as secretToken from '../../apps/server/src/modules/auth/secret-token';
import { MailRepository } from '../../apps/server/src/modules/mail/mail.repository';
import { MailService } from '../../apps/server/src/modules/mail/mail.service';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

/**
 * A random link must cost a lookup, never an argon2 run: the real service on the real database,
 * with the password hashing watched (it still runs for real when it is called).
 */
describe('invitation and reset links are checked before the password is hashed', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let auth: AuthService;
  let editorId: string;
  const origin = { acceptLanguage: null, remoteAddress: '192.0.2.10', userAgent: null };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(databaseOptions(database.url));
    await dataSource.initialize();
    await dataSource.transaction((manager) => seedDemoNetwork(manager));
    const config = new ConfigService<AppConfig, true>(validateConfig({}));
    auth = new AuthService(new AuthRepository(dataSource), new AuditService(new AuditRepository(dataSource)), new MailService(new MailRepository(dataSource), config), config);
    [{ id: editorId }] = await dataSource.query(`SELECT id FROM member WHERE email = 'editor@demo.accord.example'`);
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('refuses unknown, used and expired links without hashing, and hashes once for a live one', async () => {
    const hashing = vi.spyOn(secretToken, 'hashPassword');
    await expect(auth.setPasswordWithToken(secretToken.newSecretToken(), 'a-new-password', 'invitation', origin)).rejects.toMatchObject({ code: 'LINK_INVALID' });
    await expect(auth.setPasswordWithToken(secretToken.newSecretToken(), 'a-new-password', 'password_reset', origin)).rejects.toMatchObject({ code: 'LINK_INVALID' });

    const expired = await auth.createAccountToken(editorId, 'password_reset', null);
    await dataSource.query(`UPDATE account_token SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [secretToken.hashSecretToken(expired.token)]);
    await expect(auth.setPasswordWithToken(expired.token, 'a-new-password', 'password_reset', origin)).rejects.toMatchObject({ code: 'LINK_INVALID' });
    // A reset link is not an invitation link.
    const live = await auth.createAccountToken(editorId, 'password_reset', null);
    await expect(auth.setPasswordWithToken(live.token, 'a-new-password', 'invitation', origin)).rejects.toMatchObject({ code: 'LINK_INVALID' });
    expect(hashing).not.toHaveBeenCalled();

    await auth.setPasswordWithToken(live.token, 'a-new-password', 'password_reset', origin);
    expect(hashing).toHaveBeenCalledTimes(1);
    await expect(auth.setPasswordWithToken(live.token, 'another-password', 'password_reset', origin)).rejects.toMatchObject({ code: 'LINK_INVALID' });
    expect(hashing).toHaveBeenCalledTimes(1);
  });
});
