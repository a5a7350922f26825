import { CSRF_HEADER } from '@accord/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN, type MemberSession, postSignIn, signIn, signInAs, sql } from '../fixtures/accounts';
import { eventually } from '../fixtures/collab-client';
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
  subjectId: string | null;
  detail: Record<string, unknown>;
  remoteAddress: string | null;
}

const RESET_SUBJECT = 'Reset your Accord password';

/**
 * The reset links the server logged for an address, oldest first. Without SMTP the log is the only
 * place a reset link appears besides the member's mail (never the outbox).
 */
function resetTokensInLog(server: ServerProcess, email: string): string[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.includes('Mail kept in the outbox') && line.includes(`"recipient":"${email}"`))
    .flatMap((line) => [.../#\/reset-password\/([A-Za-z0-9_-]+)/g.exec(line)?.slice(1) ?? []]);
}

/** Waits for the count-th reset link mailed to an address (mails go out after the 202). */
async function nthResetToken(server: ServerProcess, email: string, count: number): Promise<string> {
  await eventually(() => resetTokensInLog(server, email).length >= count, `reset mail ${count} to ${email}`);
  return resetTokensInLog(server, email)[count - 1];
}

const anonymousPostTo = (httpUrl: string, path: string, body: unknown) =>
  fetch(`${httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: 'accord_csrf=t0k3n', [CSRF_HEADER]: 't0k3n' }, body: JSON.stringify(body) });

describe('accounts: sign-in, CSRF, invitations, password reset and the audit log', () => {
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
  const anonymousPost = (path: string, body: unknown) => anonymousPostTo(server.httpUrl, path, body);
  const invite = (email: string) => coordinator.json<{ memberId: string }>('POST', '/api/network/invitations', { email, displayName: 'Ana Novak', partnerId, roles: ['editor'], workingGroupIds: [workingGroupId] });

  beforeAll(async () => {
    database = await createTestDatabase();
    // Reset links reach these tests through the log, which holds them only when asked to.
    server = await startServer({ databaseUrl: database.url, env: { MAIL_LOG_LINKS: 'true' } });
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
    const token = await nthResetToken(server, DEMO_LOGIN.substitute.email, 1);
    expect((await anonymousPost('/api/auth/password-reset/confirm', { token, password: 'substitute-renewed' })).status).toBe(204);
    expect((await old.request('GET', '/api/recommendations')).status).toBe(401);
    expect((await postSignIn(server.httpUrl, DEMO_LOGIN.substitute.email, DEMO_LOGIN.substitute.password)).status).toBe(401);
    await signIn(server.httpUrl, DEMO_LOGIN.substitute.email, 'substitute-renewed');
    expect((await anonymousPost('/api/auth/password-reset/confirm', { token, password: 'substitute-again' })).status).toBe(410);
  });

  it('answers a reset request for a known and an unknown address alike', async () => {
    const known = await anonymousPost('/api/auth/password-reset', { email: DEMO_LOGIN.delegate.email });
    const unknown = await anonymousPost('/api/auth/password-reset', { email: 'nobody@nowhere.example' });
    expect([known.status, await known.text()]).toEqual([unknown.status, await unknown.text()]);
    expect(known.status).toBe(202);
    await nthResetToken(server, DEMO_LOGIN.delegate.email, 1);
  });

  it('retires the earlier reset link when a new one is mailed', async () => {
    const email = DEMO_LOGIN.commenter.email;
    expect((await anonymousPost('/api/auth/password-reset', { email })).status).toBe(202);
    const first = await nthResetToken(server, email, 1);
    expect((await anonymousPost('/api/auth/password-reset', { email })).status).toBe(202);
    const second = await nthResetToken(server, email, 2);
    expect((await anonymousPost('/api/auth/password-reset/confirm', { token: first, password: 'commenter-renewed' })).status).toBe(410);
    expect((await anonymousPost('/api/auth/password-reset/confirm', { token: second, password: 'commenter-renewed' })).status).toBe(204);
  });

  it('never shows a password reset link in the outbox, and never stores one', async () => {
    // A coordinator who could read a reset link could take over any member's account.
    const outbox = await coordinator.json<Mail[]>('GET', '/api/mail/outbox');
    const resets = outbox.filter((mail) => mail.subject === RESET_SUBJECT);
    expect(resets.length).toBeGreaterThanOrEqual(4);
    for (const mail of resets) {
      expect(mail.body).toContain('[link withheld');
      expect(mail.body).not.toContain('reset-password');
    }
    const [{ stored }] = await sql<{ stored: number }>(database.url, `SELECT count(*)::int AS stored FROM mail_message WHERE body LIKE '%reset-password%'`);
    expect(stored).toBe(0);
    // Invitations stay readable: without SMTP the coordinator forwards them.
    expect(outbox.some((mail) => mail.body.includes('#/invitation/'))).toBe(true);
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

  it('records role changes, removals and recommendations in the audit log', async () => {
    const members = await coordinator.json<{ id: string; email: string }[]>('GET', '/api/network/members');
    const giulia = members.find((member) => member.email === 'editor.pordenone@demo.accord.example')!;
    expect((await coordinator.request('PATCH', `/api/network/members/${giulia.id}/roles`, { roles: ['editor', 'commenter'] })).status).toBe(200);
    const late = members.find((member) => member.email === 'late.invitee@demo.accord.example')!;
    expect((await coordinator.request('DELETE', `/api/network/members/${late.id}`)).status).toBeLessThan(300);
    const recommendation = await coordinator.json<{ id: string }>('POST', '/api/recommendations', { title: 'Audited', theme: 'solidarity', level: 'local', workingGroupId });
    expect((await coordinator.request('DELETE', `/api/recommendations/${recommendation.id}`)).status).toBeLessThan(300);

    const audit = await coordinator.json<AuditEvent[]>('GET', '/api/audit');
    const event = (action: string, subjectId: string) => audit.find((candidate) => candidate.action === action && candidate.subjectId === subjectId);
    expect(event('member.roles-changed', giulia.id)?.detail).toMatchObject({ from: ['editor'], to: ['editor', 'commenter'] });
    expect(event('member.removed', late.id)?.detail).toMatchObject({ email: 'late.invitee@demo.accord.example' });
    expect(event('recommendation.created', recommendation.id)).toBeDefined();
    expect(event('recommendation.deleted', recommendation.id)).toBeDefined();
    for (const action of ['member.roles-changed', 'member.removed', 'recommendation.created', 'recommendation.deleted']) {
      expect(audit.find((candidate) => candidate.action === action)?.actor).toContain(DEMO_LOGIN.coordinator.email);
    }
  });

  it('records sign-ins, invitations and resets, with who asked for a reset and from where, for coordinators only', async () => {
    const audit = await coordinator.json<AuditEvent[]>('GET', '/api/audit');
    const actions = new Set(audit.map((event) => event.action));
    for (const action of ['sign-in', 'invitation.created', 'invitation.accepted', 'password.reset-requested', 'password.reset']) expect(actions).toContain(action);
    const substituteId = (await coordinator.json<{ id: string; email: string }[]>('GET', '/api/network/members')).find((member) => member.email === DEMO_LOGIN.substitute.email)!.id;
    const requested = audit.find((event) => event.action === 'password.reset-requested' && event.subjectId === substituteId)!;
    // Anyone can fill in the form: the requester is not the member, and the address says from where.
    expect(requested.actor).toBe('password reset form');
    expect(requested.remoteAddress).toMatch(/127\.0\.0\.1/);
    expect(requested.detail).toMatchObject({ email: DEMO_LOGIN.substitute.email, mailed: true });
    const editor = await signInAs(server.httpUrl, 'editor');
    const refused = await editor.request('GET', '/api/audit');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'NOT_ALLOWED' });
  });
});

describe('accounts: sign-in and password reset throttling', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let coordinator: MemberSession;
  const anonymousPost = (path: string, body: unknown) => anonymousPostTo(server.httpUrl, path, body);

  beforeAll(async () => {
    // A fresh server and database: the throttles fill up here, not in the other tests.
    database = await createTestDatabase();
    // A low per-address limit, so the test reaches it without hundreds of attempts.
    server = await startServer({ databaseUrl: database.url, env: { LOGIN_MAX_FAILURES_PER_ADDRESS: '12', MAIL_LOG_LINKS: 'true' } });
    coordinator = await signInAs(server.httpUrl, 'coordinator');
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
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

  it('counts parallel guesses: at most the limit reach the password check, the rest get 429', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_unused, attempt) => postSignIn(server.httpUrl, DEMO_LOGIN.substitute.email, `parallel-guess-${attempt}`)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(statuses.length - statuses.filter((status) => status === 401).length);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(5);
  });

  it('throttles brute force per address across accounts (counted in PostgreSQL)', async () => {
    const [{ failures }] = await sql<{ failures: number }>(database.url, `SELECT count(*)::int AS failures FROM login_attempt WHERE NOT succeeded`);
    for (let attempt = failures; attempt < 12; attempt++) {
      expect((await postSignIn(server.httpUrl, `someone-${attempt}@nowhere.example`, 'guess')).status).toBe(401);
    }
    expect((await postSignIn(server.httpUrl, DEMO_LOGIN.commenter.email, DEMO_LOGIN.commenter.password)).status).toBe(429);
  });

  it('records failed and throttled sign-ins with the address they came from', async () => {
    const audit = await coordinator.json<AuditEvent[]>('GET', '/api/audit');
    const failed = audit.find((event) => event.action === 'sign-in.failed' && event.actor === DEMO_LOGIN.delegate.email)!;
    expect(failed.remoteAddress).toMatch(/127\.0\.0\.1/);
    const throttled = audit.find((event) => event.action === 'sign-in.throttled' && event.actor === DEMO_LOGIN.delegate.email)!;
    expect(throttled.remoteAddress).toMatch(/127\.0\.0\.1/);
  });

  it('mails at most 3 reset links per address, and answers 429 past 10 requests from one remote address', async () => {
    const email = DEMO_LOGIN.editor.email;
    for (let request = 0; request < 4; request++) expect((await anonymousPost('/api/auth/password-reset', { email })).status).toBe(202);
    await nthResetToken(server, email, 3);
    const audit = await coordinator.json<AuditEvent[]>('GET', '/api/audit');
    const mailed = audit.filter((event) => event.action === 'password.reset-requested' && event.detail.email === email).map((event) => event.detail.mailed);
    expect(mailed.sort()).toEqual([false, true, true, true]);
    for (let request = 4; request < 10; request++) expect((await anonymousPost('/api/auth/password-reset', { email: `someone-${request}@nowhere.example` })).status).toBe(202);
    const throttled = await anonymousPost('/api/auth/password-reset', { email: 'nobody@nowhere.example' });
    expect(throttled.status).toBe(429);
    expect(await throttled.json()).toMatchObject({ code: 'PASSWORD_RESET_THROTTLED' });
    expect(resetTokensInLog(server, email)).toHaveLength(3);
  });
});
