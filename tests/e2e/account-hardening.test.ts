import { CollabCloseCode, CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from '@accord/contracts';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_LOGIN, type MemberSession, postSignIn, seedOtherNetwork, signIn, signInAs, sql } from '../fixtures/accounts';
import { listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

interface Answer {
  status: number;
  body: { code?: string; message?: string };
  headers: Record<string, string | string[] | undefined>;
}

/**
 * A JSON POST (with the anonymous CSRF pair) sent from a chosen local address, so one machine can
 * play a member and an attacker at two client addresses (the whole 127/8 is loopback on Linux).
 */
function postFrom(httpUrl: string, path: string, body: unknown, options: { localAddress?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const csrf = randomBytes(8).toString('hex');
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      `${httpUrl}${path}`,
      {
        method: 'POST',
        localAddress: options.localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), cookie: `${CSRF_COOKIE}=${csrf}`, [CSRF_HEADER]: csrf, ...options.headers },
      },
      (incoming) => {
        let text = '';
        incoming.on('data', (chunk: Buffer) => (text += chunk.toString()));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: text ? (JSON.parse(text) as Answer['body']) : {}, headers: incoming.headers }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

const signInFrom = (httpUrl: string, email: string, password: string, options: { localAddress?: string; forwardedFor?: string } = {}) =>
  postFrom(httpUrl, '/api/auth/sign-in', { email, password }, { localAddress: options.localAddress, headers: options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {} });

const randomToken = () => randomBytes(32).toString('base64url');

interface AuditEvent {
  action: string;
  actor: string;
  remoteAddress: string | null;
}

describe('account hardening: link throttle, lockout by address, proxies, security headers, concurrent changes, sign-out', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let coordinator: MemberSession;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url, env: { ACCOUNT_LINK_MAX_PER_ADDRESS: '6' } });
    coordinator = await signInAs(server.httpUrl, 'coordinator');
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('answers random invitation and reset tokens with 410, then 429 from that address, while sign-in works for others', async () => {
    const link = { localAddress: '127.0.0.5' };
    for (let attempt = 0; attempt < 6; attempt++) {
      const path = attempt % 2 === 0 ? '/api/auth/invitations/accept' : '/api/auth/password-reset/confirm';
      const answer = await postFrom(server.httpUrl, path, { token: randomToken(), password: 'a-password-for-nobody' }, link);
      expect([answer.status, answer.body.code]).toEqual([410, 'LINK_INVALID']);
    }
    for (const path of ['/api/auth/invitations/accept', '/api/auth/password-reset/confirm']) {
      const throttled = await postFrom(server.httpUrl, path, { token: randomToken(), password: 'a-password-for-nobody' }, link);
      expect(throttled.status).toBe(429);
      expect(throttled.body).toMatchObject({ code: 'LINK_THROTTLED', message: expect.stringMatching(/Too many invalid links.*Wait 15 minutes/) });
    }
    // Counted in PostgreSQL, per address: another address still gets its answer, and sign-in is untouched.
    expect((await postFrom(server.httpUrl, '/api/auth/invitations/accept', { token: randomToken(), password: 'a-password-for-nobody' }, { localAddress: '127.0.0.6' })).status).toBe(410);
    expect((await signInFrom(server.httpUrl, DEMO_LOGIN.editor.email, DEMO_LOGIN.editor.password, link)).status).toBe(200);
    const [{ failures }] = await sql<{ failures: number }>(database.url, `SELECT count(*)::int AS failures FROM account_link_attempt WHERE remote_address = '127.0.0.5' AND NOT succeeded`);
    expect(failures).toBe(6);
  });

  it('locks an account only for the address its failures came from: an outsider cannot lock out the member', async () => {
    const { email, password } = DEMO_LOGIN.delegate;
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await signInFrom(server.httpUrl, email, `attacker-guess-${attempt}`, { localAddress: '127.0.0.2' })).status).toBe(401);
    }
    const attacker = await signInFrom(server.httpUrl, email, password, { localAddress: '127.0.0.2' });
    expect([attacker.status, attacker.body.code]).toEqual([429, 'SIGN_IN_THROTTLED']);
    const member = await signInFrom(server.httpUrl, email, password, { localAddress: '127.0.0.3' });
    expect(member.status).toBe(200);
  });

  it('ignores X-Forwarded-For without TRUST_PROXY: forged addresses share the real one', async () => {
    const { email, password } = DEMO_LOGIN.substitute;
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await signInFrom(server.httpUrl, email, `guess-${attempt}`, { forwardedFor: `198.51.100.${attempt + 1}` })).status).toBe(401);
    }
    expect((await signInFrom(server.httpUrl, email, password, { forwardedFor: '198.51.100.99' })).status).toBe(429);
    const audit = await coordinator.json<AuditEvent[]>('GET', '/api/audit');
    const failed = audit.filter((event) => event.action === 'sign-in.failed' && event.actor === email);
    expect(failed.length).toBe(5);
    expect(failed.every((event) => event.remoteAddress === '127.0.0.1')).toBe(true);
  });

  it('sends the security headers on the app, the API and errors, and no HSTS over plain HTTP', async () => {
    const answers = [await fetch(`${server.httpUrl}/`), await fetch(`${server.httpUrl}/api/auth/session`), await fetch(`${server.httpUrl}/api/recommendations`)];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 401]);
    for (const answer of answers) {
      const csp = answer.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('referrer-policy')).toBe('same-origin');
      expect(answer.headers.get('strict-transport-security')).toBeNull();
    }
    // The Swagger UI keeps working under a policy of its own.
    const docs = await fetch(`${server.httpUrl}/api/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('answers parallel invitations of one e-mail, from one network and from two, with one 201 and 409s, never 500', async () => {
    const network = await coordinator.json<{ partners: { id: string }[] }>('GET', '/api/network');
    const other = await seedOtherNetwork(database.url);
    const otherCoordinator = await signIn(server.httpUrl, other.coordinator.email, other.coordinator.password);
    const otherPartnerId = (await otherCoordinator.json<{ partners: { id: string }[] }>('GET', '/api/network')).partners[0].id;
    // Several rounds of many at once: the race between the check and the insert is narrow.
    for (let round = 0; round < 6; round++) {
      const email = `twice.invited.${round}@accord.example`;
      const invite = (session: MemberSession, partnerId: string) => session.request('POST', '/api/network/invitations', { email, displayName: 'Twice Invited', partnerId, roles: ['commenter'] });
      // Odd rounds: two networks invite the same address (a member belongs to one network, e-mails are unique across them).
      const answers = await Promise.all(Array.from({ length: 12 }, (_unused, index) => (round % 2 === 1 && index % 2 === 1 ? invite(otherCoordinator, otherPartnerId) : invite(coordinator, network.partners[1].id))));
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses, `round ${round}`).toEqual([201, ...Array.from({ length: 11 }, () => 409)]);
      for (const answer of answers.filter((candidate) => candidate.status === 409)) {
        expect(await answer.json()).toMatchObject({ code: 'MEMBER_EMAIL_TAKEN', message: expect.stringContaining('already has an Accord account') });
      }
      const [{ members }] = await sql<{ members: number }>(database.url, `SELECT count(*)::int AS members FROM member WHERE email = $1`, [email]);
      expect(members).toBe(1);
    }
  });

  it('lets two coordinators demote each other at the same moment: one wins, the network keeps a coordinator, never 500', async () => {
    const members = await coordinator.json<{ id: string; email: string; roles: string[] }[]>('GET', '/api/network/members');
    const maja = members.find((member) => member.email === DEMO_LOGIN.coordinator.email)!;
    const eszter = members.find((member) => member.email === 'delegate.zala@demo.accord.example')!;
    const eszterRoles = [...eszter.roles, 'coordinator'];
    expect((await coordinator.request('PATCH', `/api/network/members/${eszter.id}/roles`, { roles: eszterRoles })).status).toBe(200);
    const second = await signIn(server.httpUrl, eszter.email, 'demo-delegate-zala');
    const coordinatorsNow = async () =>
      (await sql<{ id: string }>(database.url, `SELECT id FROM member WHERE network_id = (SELECT network_id FROM member WHERE id = $1) AND 'coordinator' = ANY(roles)`, [maja.id])).map((row) => row.id);

    for (let round = 0; round < 8; round++) {
      const answers = await Promise.all([
        coordinator.request('PATCH', `/api/network/members/${eszter.id}/roles`, { roles: eszter.roles }),
        second.request('PATCH', `/api/network/members/${maja.id}/roles`, { roles: ['editor'] }),
      ]);
      const statuses = answers.map((answer) => answer.status);
      const bodies = await Promise.all(answers.map((answer) => answer.json() as Promise<{ code?: string }>));
      // One demotion wins; the other is refused with a reason: the last coordinator (409), or, when it came later, not a coordinator any more (403).
      expect(statuses.filter((status) => status === 200), `round ${round}: ${JSON.stringify(bodies)}`).toHaveLength(1);
      const refused = bodies[statuses.indexOf(statuses.find((status) => status !== 200)!)];
      expect(['LAST_COORDINATOR', 'NOT_ALLOWED']).toContain(refused.code);
      const left = await coordinatorsNow();
      expect(left).toHaveLength(1);
      // The winner promotes the other again for the next round.
      const [winner, loser] = left[0] === maja.id ? [coordinator, eszter.id] : [second, maja.id];
      expect((await winner.request('PATCH', `/api/network/members/${loser}/roles`, { roles: loser === maja.id ? ['coordinator'] : eszterRoles })).status).toBe(200);
    }
  });

  it('signs out: the cookie that worked before stops working, on the API and the websocket', async () => {
    const session = await signInAs(server.httpUrl, 'editor');
    const cookie = session.cookie.split('; ').find((pair) => pair.startsWith(`${SESSION_COOKIE}=`))!;
    const [draft] = await listRecommendations(session);
    // First prove the cookie works: an authenticated call and an admitted websocket (the server opens the sync).
    expect((await session.request('GET', '/api/recommendations')).status).toBe(200);
    const before = new WebSocket(`${server.wsUrl}/${draft.id}`, { headers: { cookie, origin: server.httpUrl } });
    await once(before, 'message');
    before.close();

    expect((await session.request('POST', '/api/auth/sign-out')).status).toBe(204);

    const after = await session.request('GET', '/api/recommendations');
    expect([after.status, ((await after.json()) as { code: string }).code]).toEqual([401, 'NOT_SIGNED_IN']);
    const refused = new WebSocket(`${server.wsUrl}/${draft.id}`, { headers: { cookie, origin: server.httpUrl } });
    const [code] = (await once(refused, 'close')) as [number];
    expect(code).toBe(CollabCloseCode.unauthenticated);
  });
});

describe('behind a reverse proxy (TRUST_PROXY) and over HTTPS (COOKIE_SECURE)', () => {
  let database: TestDatabase;
  let server: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url, env: { TRUST_PROXY: 'loopback', COOKIE_SECURE: 'true' } });
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('keys the sign-in throttle and the audit log on the forwarded client address', async () => {
    const { email, password } = DEMO_LOGIN.delegate;
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await signInFrom(server.httpUrl, email, `guess-${attempt}`, { forwardedFor: '203.0.113.7' })).status).toBe(401);
    }
    expect((await signInFrom(server.httpUrl, email, password, { forwardedFor: '203.0.113.7' })).status).toBe(429);
    const member = await signInFrom(server.httpUrl, email, password, { forwardedFor: '203.0.113.8' });
    expect(member.status).toBe(200);
    const rows = await sql<{ remote_address: string }>(database.url, `SELECT DISTINCT remote_address FROM login_attempt WHERE email = $1`, [email]);
    expect(rows.map((row) => row.remote_address).sort()).toEqual(['203.0.113.7', '203.0.113.8']);
  });

  it('sends HSTS and marks the cookies Secure', async () => {
    const answer = await postSignIn(server.httpUrl, DEMO_LOGIN.editor.email, DEMO_LOGIN.editor.password);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(answer.headers.getSetCookie().every((line) => /;\s*Secure/i.test(line))).toBe(true);
  });
});

describe('demo mode is asked for, and the demo accounts stop working without it', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('seeds nothing by default', async () => {
    const fresh = await createTestDatabase();
    // An empty SEED_DEMO counts as unset: the default applies.
    const server = await startServer({ databaseUrl: fresh.url, env: { SEED_DEMO: '' } });
    try {
      const [{ networks }] = await sql<{ networks: number }>(fresh.url, `SELECT count(*)::int AS networks FROM network`);
      expect(networks).toBe(0);
      const session = (await (await fetch(`${server.httpUrl}/api/auth/session`)).json()) as { demoAccounts: unknown };
      expect(session.demoAccounts).toBeNull();
    } finally {
      await server.stop();
      await fresh.drop();
    }
  });

  it('refuses the accounts of an earlier demo seed, and ends their sessions, once demo mode is off', async () => {
    const demo = await startServer({ databaseUrl: database.url });
    const editor = await signInAs(demo.httpUrl, 'editor');
    const network = await (await signInAs(demo.httpUrl, 'coordinator')).json<{ partners: { id: string }[] }>('GET', '/api/network');
    expect(network.partners.length).toBe(16);
    await demo.stop();

    const production = await startServer({ databaseUrl: database.url, env: { SEED_DEMO: 'false' } });
    try {
      const refused = await postSignIn(production.httpUrl, DEMO_LOGIN.coordinator.email, DEMO_LOGIN.coordinator.password);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ code: 'DEMO_ACCOUNT_DISABLED', message: expect.stringContaining('demo mode is off') });
      const stale = await fetch(`${production.httpUrl}/api/recommendations`, { headers: { cookie: editor.cookie } });
      expect(stale.status).toBe(401);
      // A member who is not from the demo signs in as ever.
      const [member] = await sql<{ network_id: string; partner_id: string }>(database.url, `SELECT network_id, partner_id FROM member WHERE demo LIMIT 1`);
      const { hash } = await import('@node-rs/argon2');
      await sql(database.url, `INSERT INTO member (network_id, partner_id, display_name, email, roles, password_hash) VALUES ($1, $2, 'Real Coordinator', 'real.coordinator@accord.example', '{coordinator}', $3)`, [
        member.network_id,
        member.partner_id,
        await hash('a-real-password'),
      ]);
      await signIn(production.httpUrl, 'real.coordinator@accord.example', 'a-real-password');
    } finally {
      await production.stop();
    }
  });
});
