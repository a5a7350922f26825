import { CSRF_HEADER } from '@accord/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN, type MemberSession, postSignIn, signIn, signInAs, sql } from '../fixtures/accounts';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

interface Mail {
  recipient: string;
  subject: string;
  body: string;
  delivery: string;
}
interface AuditEvent {
  action: string;
  actor: string;
  remoteAddress: string | null;
}

describe('accounts: sign-in, CSRF, throttling, invitations and password reset', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let coordinator: MemberSession;
  let partnerId: string;
  let workingGroupId: string;

  const linkTokenFor = async (email: string, kind: 'invitation' | 'reset-password'): Promise<string> => {
    const outbox = await coordinator.json<Mail[]>('GET', '/api/mail/outbox');
    const mail = outbox.find((candidate) => candidate.recipient === email && candidate.body.includes(`#/${kind}/`));
    expect(mail?.delivery).toBe('outbox');
    return new RegExp(`#/${kind}/([A-Za-z0-9_-]+)`).exec(mail!.body)![1];
  };
  const anonymousPost = (path: string, body: unknown) =>
    fetch(`${server.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: 'accord_csrf=t0k3n', [CSRF_HEADER]: 't0k3n' }, body: JSON.stringify(body) });
  const invite = (email: string) => coordinator.json<{ memberId: string }>('POST', '/api/network/invitations', { email, displayName: 'Ana Novak', partnerId, roles: ['editor'], workingGroupIds: [workingGroupId] });

  beforeAll(async () => {
    database = await createTestDatabase();
    // A low per-address limit, so the test reaches it without hundreds of attempts.
    server = await startServer({ databaseUrl: database.url, env: { LOGIN_MAX_FAILURES_PER_ADDRESS: '12' } });
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    const network = await coordinator.json<{ partners: { id: string }[]; workingGroups: { id: string }[] }>('GET', '/api/network');
    partnerId = network.partners[0].id;
    workingGroupId = network.workingGroups[0].id;
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('sets an httpOnly, SameSite=Lax session cookie that expires', async () => {
    const response = await postSignIn(server.httpUrl, DEMO_LOGIN.editor.email, DEMO_LOGIN.editor.password);
    const session = response.headers.getSetCookie().find((line) => line.startsWith('accord_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Expires=/i);
  });

  it('refuses a state-changing request without the CSRF token, or with a wrong one', async () => {
    const editor = await signInAs(server.httpUrl, 'editor');
    const without = await editor.request('POST', '/api/auth/collab-token', undefined, { csrf: false });
    expect(without.status).toBe(403);
    expect(await without.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
    const wrong = await fetch(`${server.httpUrl}/api/auth/collab-token`, { method: 'POST', headers: { cookie: editor.cookie, [CSRF_HEADER]: 'forged' } });
    expect(wrong.status).toBe(403);
    const anonymous = await fetch(`${server.httpUrl}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_LOGIN.editor) });
    expect(anonymous.status).toBe(403);
    expect((await editor.request('POST', '/api/auth/collab-token')).status).toBe(200);
  });

  it('invites a member by mail: the link sets a password once, then stops working', async () => {
    const email = 'ana.novak@demo.accord.example';
    const { memberId } = await invite(email);
    const token = await linkTokenFor(email, 'invitation');
    expect(server.output()).toContain('Mail kept in the outbox');
    expect((await postSignIn(server.httpUrl, email, 'a-new-password')).status).toBe(401);

    expect((await anonymousPost('/api/auth/invitations/accept', { token, password: 'a-new-password' })).status).toBe(204);
    const ana = await signIn(server.httpUrl, email, 'a-new-password');
    expect(ana.memberId).toBe(memberId);
    expect(ana.result.member.roles).toEqual(['editor']);

    const reused = await anonymousPost('/api/auth/invitations/accept', { token, password: 'another-password' });
    expect(reused.status).toBe(410);
    expect(await reused.json()).toMatchObject({ code: 'LINK_INVALID' });
    expect((await postSignIn(server.httpUrl, email, 'another-password')).status).toBe(401);
  });

  it('refuses an expired invitation link', async () => {
    const email = 'late.invitee@demo.accord.example';
    const { memberId } = await invite(email);
    const token = await linkTokenFor(email, 'invitation');
    await sql(database.url, `UPDATE account_token SET expires_at = now() - interval '1 minute' WHERE member_id = $1`, [memberId]);
    const expired = await anonymousPost('/api/auth/invitations/accept', { token, password: 'too-late-password' });
    expect(expired.status).toBe(410);
    const invitations = await coordinator.json<{ email: string; state: string }[]>('GET', '/api/network/invitations');
    expect(invitations.find((invitation) => invitation.email === email)?.state).toBe('expired');
    expect(invitations.find((invitation) => invitation.email === 'ana.novak@demo.accord.example')?.state).toBe('accepted');
  });

  it('resets a password through a single-use link and signs out the old sessions', async () => {
    const old = await signInAs(server.httpUrl, 'substitute');
    expect((await anonymousPost('/api/auth/password-reset', { email: DEMO_LOGIN.substitute.email })).status).toBe(202);
    expect((await anonymousPost('/api/auth/password-reset', { email: 'nobody@nowhere.example' })).status).toBe(202);
    const token = await linkTokenFor(DEMO_LOGIN.substitute.email, 'reset-password');
    expect((await anonymousPost('/api/auth/password-reset/confirm', { token, password: 'substitute-renewed' })).status).toBe(204);
    expect((await old.request('GET', '/api/recommendations')).status).toBe(401);
    expect((await postSignIn(server.httpUrl, DEMO_LOGIN.substitute.email, DEMO_LOGIN.substitute.password)).status).toBe(401);
    await signIn(server.httpUrl, DEMO_LOGIN.substitute.email, 'substitute-renewed');
    expect((await anonymousPost('/api/auth/password-reset/confirm', { token, password: 'substitute-again' })).status).toBe(410);
  });

  it('keeps one delegate per partner, and at least one coordinator per network', async () => {
    const members = await coordinator.json<{ id: string; email: string }[]>('GET', '/api/network/members');
    const giulia = members.find((member) => member.email === 'editor.pordenone@demo.accord.example')!;
    const taken = await coordinator.request('PATCH', `/api/network/members/${giulia.id}/roles`, { roles: ['editor', 'delegate'] });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ code: 'PARTNER_ROLE_TAKEN' });
    const last = await coordinator.request('PATCH', `/api/network/members/${coordinator.memberId}/roles`, { roles: ['editor'] });
    expect(last.status).toBe(409);
    expect(await last.json()).toMatchObject({ code: 'LAST_COORDINATOR' });
  });

  it('throttles brute force per account with a clear 429, even for the right password', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await postSignIn(server.httpUrl, DEMO_LOGIN.delegate.email, `guess-${attempt}`)).status).toBe(401);
    }
    const throttled = await postSignIn(server.httpUrl, DEMO_LOGIN.delegate.email, DEMO_LOGIN.delegate.password);
    expect(throttled.status).toBe(429);
    const body = (await throttled.json()) as { code: string; message: string };
    expect(body.code).toBe('SIGN_IN_THROTTLED');
    expect(body.message).toMatch(/Too many failed sign-ins.*Wait 15 minutes/);
    // Other accounts are not locked by it.
    await signInAs(server.httpUrl, 'commenter');
  });

  it('throttles brute force per address across accounts (counted in PostgreSQL)', async () => {
    const [{ failures }] = await sql<{ failures: number }>(database.url, `SELECT count(*)::int AS failures FROM login_attempt WHERE NOT succeeded`);
    for (let attempt = failures; attempt < 12; attempt++) {
      expect((await postSignIn(server.httpUrl, `someone-${attempt}@nowhere.example`, 'guess')).status).toBe(401);
    }
    expect((await postSignIn(server.httpUrl, DEMO_LOGIN.commenter.email, DEMO_LOGIN.commenter.password)).status).toBe(429);
  });

  it('records sign-ins, failures, invitations and role changes in the audit log coordinators see', async () => {
    const audit = await coordinator.json<AuditEvent[]>('GET', '/api/audit');
    const actions = new Set(audit.map((event) => event.action));
    for (const action of ['sign-in', 'sign-in.failed', 'sign-in.throttled', 'invitation.created', 'invitation.accepted', 'password.reset']) expect(actions).toContain(action);
    const failed = audit.find((event) => event.action === 'sign-in.failed' && event.actor === DEMO_LOGIN.delegate.email)!;
    expect(failed.remoteAddress).toMatch(/127\.0\.0\.1/);
    const editor = await signInAs(server.httpUrl, 'editor').catch(() => null);
    if (editor) expect((await editor.request('GET', '/api/audit')).status).toBe(403);
  });
});
