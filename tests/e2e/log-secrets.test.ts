import { CSRF_HEADER } from '@accord/contracts';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_LOGIN, signIn, signInAs } from '../fixtures/accounts';
import { eventually } from '../fixtures/collab-client';
import { listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const anonymousPost = (httpUrl: string, path: string, body: unknown) =>
  fetch(`${httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: 'accord_csrf=l0g-t3st', [CSRF_HEADER]: 'l0g-t3st' }, body: JSON.stringify(body) });

/**
 * Whoever reads the operator's log must not be able to act as a member: no session cookie, CSRF
 * token, collaboration token, invitation or reset link, nor password may be written there.
 */
describe('the log holds no secret', () => {
  let database: TestDatabase;
  let server: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Default settings: no SMTP, so every mail is written to the log (with its link withheld).
    server = await startServer({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('after a sign-in, a collaboration token, a websocket with ?token=, an invitation and a password reset', async () => {
    const secrets: Record<string, string> = {};

    const coordinator = await signInAs(server.httpUrl, 'coordinator');
    secrets.sessionCookie = /accord_session=([^;]+)/.exec(coordinator.cookie)![1];
    secrets.csrfToken = coordinator.csrfToken;
    secrets.signInPassword = DEMO_LOGIN.coordinator.password;

    secrets.collabToken = await coordinator.collabToken();
    const [draft] = await listRecommendations(coordinator);
    const socket = new WebSocket(`${server.wsUrl}/${draft.id}?token=${encodeURIComponent(secrets.collabToken)}`);
    // The first frame comes after admission: the token was read and accepted.
    await once(socket, 'message');
    socket.close();
    await once(socket, 'close');

    const network = await coordinator.json<{ partners: { id: string }[] }>('GET', '/api/network');
    const email = 'log.reader.test@accord.example';
    await coordinator.json('POST', '/api/network/invitations', { email, displayName: 'Vesna Log', partnerId: network.partners[0].id, roles: ['commenter'] });
    const outbox = await coordinator.json<{ recipient: string; body: string }[]>('GET', '/api/mail/outbox');
    secrets.invitationToken = /#\/invitation\/([A-Za-z0-9_-]+)/.exec(outbox.find((mail) => mail.recipient === email)!.body)![1];
    secrets.newPassword = 'vesna-chooses-this-password';
    expect((await anonymousPost(server.httpUrl, '/api/auth/invitations/accept', { token: secrets.invitationToken, password: secrets.newPassword })).status).toBe(204);
    const vesna = await signIn(server.httpUrl, email, secrets.newPassword);
    secrets.secondSessionCookie = /accord_session=([^;]+)/.exec(vesna.cookie)![1];

    expect((await anonymousPost(server.httpUrl, '/api/auth/password-reset', { email: DEMO_LOGIN.editor.email })).status).toBe(202);
    // The reset mail goes out after the answer; it is logged (without its link) once made.
    await eventually(() => server.output().includes('Reset your Accord password'), 'the reset mail is written to the log');

    const log = server.output();
    // The log did record these requests: the checks below look at lines that exist.
    expect(log).toContain('/api/auth/sign-in');
    expect(log).toContain('/api/auth/collab-token');
    expect(log).toContain('Mail kept in the outbox');
    for (const [name, value] of Object.entries(secrets)) {
      expect(log.includes(value), `${name} appears in the log`).toBe(false);
    }
    // A reset link's token exists only in the recipient's mail; the log must not hold one either.
    expect(log).not.toMatch(/reset-password\/[A-Za-z0-9_-]{20,}/);
    expect(log).not.toMatch(/#\/invitation\/[A-Za-z0-9_-]{20,}/);
    expect(log).toContain('[link withheld from the log]');
  });
});
