import { MEMBER_ROLES, type MemberRole, type RecommendationSummary } from '@accord/contracts';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousCsrf, type MemberSession, type OtherNetwork, seedOtherNetwork, signIn, signInAs } from '../fixtures/accounts';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

interface MatrixEntry {
  allow: 'public' | 'member' | MemberRole[];
}
const MATRIX = JSON.parse(readFileSync('docs/permissions.json', 'utf8')) as { routes: Record<string, MatrixEntry> };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

type Actor = MemberRole | 'other-network' | 'anonymous';
// Coordinator last: it may really perform the (harmless, sacrificial) changes.
const ACTORS: Actor[] = ['anonymous', 'other-network', 'commenter', 'substitute', 'delegate', 'editor', 'coordinator'];

describe('every REST route against the written permission matrix', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let other: OtherNetwork;
  const sessions = new Map<Actor, MemberSession>();
  let routes: string[] = [];
  /** Path parameters: real records of the demo network, so other networks are really tried on them. */
  let params: Record<string, Record<string, string>> = {};
  let demoIds: string[] = [];
  /** Valid bodies where the record check comes after validation; each is a no-op on the demo data. */
  let bodies: Record<string, unknown> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    other = await seedOtherNetwork(database.url);
    for (const role of MEMBER_ROLES) sessions.set(role, await signInAs(server.httpUrl, role));
    sessions.set('other-network', await signIn(server.httpUrl, other.coordinator.email, other.coordinator.password));
    const coordinator = sessions.get('coordinator')!;

    const openApi = (await (await fetch(`${server.httpUrl}/api/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(openApi.paths).flatMap(([path, operations]) => METHODS.filter((method) => method in operations).map((method) => `${method.toUpperCase()} ${path}`));
    // Signing out ends the actor's session: try it last.
    routes.sort((a, b) => Number(a === 'POST /api/auth/sign-out') - Number(b === 'POST /api/auth/sign-out'));

    const recommendations = await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations');
    const draft = recommendations.find((recommendation) => recommendation.status === 'draft')!;
    const network = await coordinator.json<{ id: string; partners: { id: string }[]; workingGroups: { id: string; memberIds: string[] }[] }>('GET', '/api/network');
    const members = await coordinator.json<{ id: string; email: string }[]>('GET', '/api/network/members');
    // Sacrificial records, so a coordinator's allowed DELETE removes nothing the other checks need.
    const doomedRecommendation = await coordinator.json<{ id: string }>('POST', '/api/recommendations', { title: 'To be deleted', theme: 'solidarity', level: 'local', workingGroupId: draft.workingGroup.id });
    const doomedMember = await coordinator.json<{ memberId: string }>('POST', '/api/network/invitations', { email: 'doomed@demo.accord.example', displayName: 'Doomed Member', partnerId: network.partners[0].id, roles: ['commenter'], workingGroupIds: [draft.workingGroup.id] });
    const bystander = members.find((member) => member.email === 'editor.pordenone@demo.accord.example')!;
    params = {
      'GET /api/recommendations/{id}': { id: draft.id },
      'PATCH /api/recommendations/{id}/status': { id: draft.id },
      'DELETE /api/recommendations/{id}': { id: doomedRecommendation.id },
      'PATCH /api/network/members/{id}/roles': { id: bystander.id },
      'DELETE /api/network/members/{id}': { id: doomedMember.memberId },
      'POST /api/network/working-groups/{id}/members': { id: draft.workingGroup.id },
      'DELETE /api/network/working-groups/{id}/members/{memberId}': { id: draft.workingGroup.id, memberId: doomedMember.memberId },
      // Thread routes on the real draft: another network must get 404 for it, not only for a made-up id.
      'GET /api/recommendations/{id}/threads': { id: draft.id },
      'POST /api/recommendations/{id}/threads': { id: draft.id },
      'GET /api/recommendations/{id}/mentionable-members': { id: draft.id },
      'PUT /api/recommendations/{id}/threads/{threadId}/comments/{commentId}/reactions/{emoji}': { emoji: '👍' },
      'DELETE /api/recommendations/{id}/threads/{threadId}/comments/{commentId}/reactions/{emoji}': { emoji: '👍' },
      // Version routes on the real draft, with a version number it does not have (nothing is restored).
      'GET /api/recommendations/{id}/versions': { id: draft.id },
      'POST /api/recommendations/{id}/versions': { id: draft.id },
      'GET /api/recommendations/{id}/versions/{number}': { id: draft.id, number: '999' },
      'PATCH /api/recommendations/{id}/versions/{number}': { id: draft.id, number: '999' },
      'GET /api/recommendations/{id}/versions/{number}/compare/{to}': { id: draft.id, number: '999', to: 'current' },
      'GET /api/recommendations/{id}/versions/{number}/verify': { id: draft.id, number: '999' },
      'POST /api/recommendations/{id}/versions/{number}/restore': { id: draft.id, number: '999' },
      // Publishing routes on the real draft: not adopted, so nothing is published (409 for the lead partner's coordinator).
      'GET /api/recommendations/{id}/editions': { id: draft.id },
      'POST /api/recommendations/{id}/editions': { id: draft.id },
      'POST /api/recommendations/{id}/editions/errata': { id: draft.id },
      'GET /api/recommendations/{id}/draft-exports/{format}': { id: draft.id, format: 'markdown' },
    };
    bodies = {
      'PATCH /api/network/members/{id}/roles': { roles: ['editor'] },
      'PATCH /api/recommendations/{id}/status': { status: 'draft' },
      'POST /api/network/working-groups/{id}/members': { memberId: bystander.id },
      // Valid in shape, so the record checks (404 for another network) are what answers.
      'POST /api/recommendations/{id}/threads': { anchor: { start: 'AA==', end: 'AA==', quotedText: 'x', stateVector: 'AA==' }, body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x' }] }] } },
      'POST /api/recommendations/{id}/threads/{threadId}/comments': { body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x' }] }] } },
      'PATCH /api/recommendations/{id}/threads/{threadId}/comments/{commentId}': { body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x' }] }] } },
      'POST /api/recommendations/{id}/threads/{threadId}/comments/{commentId}/hide': { reason: 'off topic' },
      'POST /api/recommendations/{id}/versions': { name: 'Named in the permission check' },
      'PATCH /api/recommendations/{id}/versions/{number}': { name: 'Renamed in the permission check' },
      'POST /api/recommendations/{id}/editions/errata': { reason: 'Correction in the permission check' },
    };
    demoIds = [network.id, draft.id, ...members.map((member) => member.id), ...network.partners.map((partner) => partner.id)];
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('has an entry for every route the app serves, and no entry for a route it does not', () => {
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes.filter((route) => !(route in MATRIX.routes));
    expect(missing, `routes without an entry in docs/permissions.json: ${missing.join(', ')}`).toEqual([]);
    const stale = Object.keys(MATRIX.routes).filter((route) => !routes.includes(route));
    expect(stale, 'entries for routes the app does not serve').toEqual([]);
  });

  it('answers every route as the matrix says, for every role, another network and no session', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const entry = MATRIX.routes[route];
      if (!entry) continue;
      const [method, template] = route.split(' ');
      const values = params[route] ?? {};
      const path = template.replace(/\{(\w+)\}/g, (_match, name: string) => values[name] ?? '00000000-0000-4000-8000-000000000000');
      const hasParams = template.includes('{');
      for (const actor of ACTORS) {
        const body = method === 'GET' ? undefined : (bodies[route] ?? {});
        let response: Response;
        if (actor === 'anonymous') {
          const headers: Record<string, string> = { ...anonymousCsrf().headers, accept: 'application/json' };
          if (body) headers['content-type'] = 'application/json';
          response = await fetch(`${server.httpUrl}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
        } else {
          response = await sessions.get(actor)!.request(method, path, body);
        }
        const status = response.status;
        const text = await response.text();
        const fail = (expected: string) => mismatches.push(`${route} as ${actor}: expected ${expected}, got ${status} ${text.slice(0, 120)}`);
        if (entry.allow === 'public') {
          if (status === 401 || status === 403 || status >= 500) fail('allowed: a status below 500, not 401/403 (public)');
          continue;
        }
        if (actor === 'anonymous') {
          if (status !== 401) fail('401');
          continue;
        }
        if (actor === 'other-network') {
          const coordinatorMay = entry.allow === 'member' || entry.allow.includes('coordinator');
          if (hasParams && coordinatorMay && status !== 404) fail('404: a record of another network is not found');
          else if (!coordinatorMay && status !== 403) fail('403');
          else if (status < 300 && demoIds.some((id) => text.includes(id))) fail('no data of the demo network');
          continue;
        }
        const allowed = entry.allow === 'member' || entry.allow.includes(actor);
        // Allowed means answered: a placeholder body may earn 400/404/409, never a 5xx.
        if (allowed && (status === 401 || status === 403 || status >= 500)) fail('allowed: a status below 500, not 401/403');
        if (!allowed && status !== 403) fail('403');
        if (status < 300 && (text.includes(other.networkId) || text.includes(other.documentId))) fail('no data of the other network');
      }
    }
    expect(mismatches).toEqual([]);
  });
});
