import type { RecommendationSummary } from '@accord/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type MemberSession } from '../fixtures/accounts';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

describe('a coordinator changes a recommendation status by hand', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let coordinator: MemberSession;
  let recommendations: RecommendationSummary[];

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    recommendations = await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations');
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  const withStatus = (status: string): RecommendationSummary => recommendations.find((recommendation) => recommendation.status === status)!;

  it('moves a draft to review, and the list and the audit log say so', async () => {
    const draft = withStatus('draft');
    const changed = await coordinator.json<RecommendationSummary>('PATCH', `/api/recommendations/${draft.id}/status`, { status: 'in_review' });
    expect(changed.status).toBe('in_review');
    const listed = await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations');
    expect(listed.find((recommendation) => recommendation.id === draft.id)?.status).toBe('in_review');
    const audit = await coordinator.json<{ action: string; detail: Record<string, unknown> }[]>('GET', '/api/audit');
    expect(audit.find((event) => event.action === 'recommendation.status-changed')?.detail).toEqual({ from: 'draft', to: 'in_review' });
  });

  it('refuses statuses that ballots and publishing decide, with a sentence', async () => {
    const voting = withStatus('voting');
    const response = await coordinator.request('PATCH', `/api/recommendations/${voting.id}/status`, { status: 'draft' });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { code: string }).code).toBe('STATUS_NOT_SET_BY_HAND');
    const toPublished = await coordinator.request('PATCH', `/api/recommendations/${withStatus('in_review').id}/status`, { status: 'published' });
    expect(toPublished.status).toBe(400);
  });

  it('says both refusals in the member’s language, with the same codes', async () => {
    const slovenian = await signInAs(server.httpUrl, 'coordinator');
    await slovenian.json('PUT', '/api/auth/session/language', { language: 'sl' });
    const decided = await slovenian.request('PATCH', `/api/recommendations/${withStatus('voting').id}/status`, { status: 'draft' });
    expect(decided.status).toBe(409);
    const decidedBody = (await decided.json()) as { code: string; message: string };
    expect(decidedBody.code).toBe('STATUS_NOT_SET_BY_HAND');
    expect(decidedBody.message).toBe('Ročno se nastavljata le stanji osnutek in v pregledu. Stanje tega priporočila zdaj določa glasovanje ali objavljena izdaja.');

    const unknown = await slovenian.request('PATCH', `/api/recommendations/${withStatus('in_review').id}/status`, { status: 'published' });
    expect(unknown.status).toBe(400);
    const unknownBody = (await unknown.json()) as { code: string; message: string };
    expect(unknownBody.code).toBe('VALIDATION_FAILED');
    expect(unknownBody.message).toBe('Preverite, kaj ste poslali: status mora biti eno od: draft, in_review');
  });

  it('is for coordinators only', async () => {
    const editor = await signInAs(server.httpUrl, 'editor');
    const response = await editor.request('PATCH', `/api/recommendations/${withStatus('in_review').id}/status`, { status: 'draft' });
    expect(response.status).toBe(403);
  });
});
