import type { BallotView, RecommendationSummary } from '@accord/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN, signInAs, sql, type MemberSession } from '../fixtures/accounts';
import { launchChromium, signInThroughPage } from '../fixtures/browser';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const MICRO_GRANTS = 'Open micro-grants for citizen-led European projects';

describe('ballots in Chromium', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;
  let coordinator: MemberSession;
  let recommendations: RecommendationSummary[];
  const contexts: BrowserContext[] = [];

  const signedIn = async (role: 'editor' | 'delegate', locale = 'en-GB'): Promise<Page> => {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN[role].email, DEMO_LOGIN[role].password);
    return page;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url, env: { BALLOT_CLOSER_INTERVAL_MS: '100' } });
    browser = await launchChromium();
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    recommendations = await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations');
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  it('shows an editor the frozen reason as soon as a ballot opens on the text they are editing', async () => {
    const page = await signedIn('editor');
    const microGrants = recommendations.find((recommendation) => recommendation.title === MICRO_GRANTS)!;
    await page.goto(`${server.httpUrl}/#/recommendations/${microGrants.id}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    const text = page.locator('.ProseMirror');
    expect(await text.getAttribute('contenteditable')).toBe('true');

    await coordinator.json<BallotView>('POST', '/api/ballots', {
      proposal: 'adopt-recommendation',
      title: 'Adopt the micro-grants',
      recommendationId: microGrants.id,
      quorumPercent: 50,
      majority: 'simple',
      abstentions: 'counted',
      deadline: new Date(Date.now() + 2 * 24 * 60 * 60 * 1000).toISOString(),
    });
    const notice = page.locator('[data-testid="read-only-notice"][data-reason="frozen"]');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/^Voting is open until .+: the text is frozen while the partners vote\./);
    await expect.poll(() => text.getAttribute('contenteditable')).toBe('false');
  });

  it('lets a delegate vote, then shows the result as a chart and a table after the close', async () => {
    const motion = await coordinator.json<BallotView>('POST', '/api/ballots', {
      proposal: 'motion',
      title: 'Hold the closing event in Ptuj',
      motionText: 'The network holds its closing event in Ptuj in October 2022.',
      quorumPercent: 0,
      majority: 'simple',
      abstentions: 'excluded',
      deadline: new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString(),
    });
    const page = await signedIn('delegate');
    await page.locator('[data-testid="ballots-link"]').click();
    const mine = page.locator(`[data-testid="my-ballot"][data-ballot-id="${motion.id}"]`);
    await mine.waitFor();
    expect(await mine.locator('[data-testid="my-partner-vote"]').innerText()).toBe('Your partner has not voted');
    await mine.locator('a').click();

    await page.locator('[data-testid="ballot-rule"]').waitFor();
    expect(await page.locator('[data-testid="ballot-rule"]').innerText()).toContain('for × 2 > denominator');
    await page.locator('[data-testid="vote-for"]').check();
    await page.locator('[data-testid="cast-vote"]').click();
    await expect.poll(() => page.locator('[data-testid="vote-message"]').innerText()).toBe('Vote cast: For.');
    expect(await page.locator('[data-testid="my-partner-vote"]').innerText()).toContain('Your partner voted: For');
    const ptuj = page.locator('[data-testid="partner-vote"][data-voted="true"]');
    expect(await ptuj.count()).toBe(1);
    expect(await ptuj.innerText()).toContain('Tilen Horvat (delegate)');

    // The deadline passes; the closer closes the ballot.
    await sql(database.url, `UPDATE ballot SET opened_at = now() - interval '2 days', deadline = now() - interval '1 second' WHERE id = $1`, [motion.id]);
    await expect.poll(async () => (await coordinator.json<BallotView>('GET', `/api/ballots/${motion.id}`)).status).toBe('closed');
    await page.reload();
    await page.locator('[data-testid="ballot-chart"]').waitFor();
    expect(await page.locator('[data-testid="ballot-outcome"]').innerText()).toBe('Accepted');
    expect(await page.locator('[data-testid="ballot-chart"] svg').getAttribute('role')).toBe('img');
    expect(await page.locator('[data-testid="ballot-chart"] desc').textContent()).toContain('For 1, against 0, abstain 0; 1 of 16 partners voted.');
    expect(await page.locator('[data-testid="result-table"]').innerText()).toMatch(/For\s+1/);
    await page.locator('[data-testid="verify-result"]').click();
    await expect.poll(() => page.locator('[data-testid="verification"]').innerText()).toContain('The result verifies');
  });
});
