import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRole } from '@accord/contracts';
import { DEMO_LOGIN } from '../fixtures/accounts';
import { launchChromium, signInThroughPage } from '../fixtures/browser';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

describe('creating and changing things without a terminal, in Chromium', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const signedIn = async (role: MemberRole): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN[role].email, DEMO_LOGIN[role].password);
    return page;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  it('shows what to fix beside each field, says it, and focuses the first; then creates and opens the text', async () => {
    const page = await signedIn('coordinator');
    await page.locator('[data-testid="new-recommendation"]').click();
    await page.locator('[data-testid="new-recommendation-submit"]').click();

    const problems = page.locator('[data-testid="new-recommendation-form"] [data-testid="field-problem"]');
    await expect.poll(() => problems.count()).toBe(3);
    await expect.poll(() => page.locator('[data-testid="new-recommendation-form"] [role="alert"]').textContent()).toBe('3 fields need your attention.');
    const title = page.locator('[data-testid="new-recommendation-title"]');
    await expect.poll(() => title.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    // The problem is tied to its field, so a screen reader reads it with the field.
    const describedBy = (await title.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain('at least 3 characters');

    await title.fill('Youth councils in every partner town');
    await page.locator('[data-testid="new-recommendation-theme"]').selectOption('active_citizenship');
    await page.locator('[data-testid="new-recommendation-group"]').selectOption({ label: 'Ptuj local working group' });
    await page.locator('[data-testid="new-recommendation-submit"]').click();
    await expect.poll(() => page.locator('[data-testid="recommendation-title"]').textContent()).toBe('Youth councils in every partner town');
  });

  it('offers editors only their own working groups, and commenters no form at all', async () => {
    const editor = await signedIn('editor');
    await editor.locator('[data-testid="new-recommendation"]').click();
    const groups = await editor.locator('[data-testid="new-recommendation-group"] option').allTextContents();
    expect(groups.slice(1).sort()).toEqual(['Civic participation (thematic)', 'Ptuj local working group']);

    const commenter = await signedIn('commenter');
    await commenter.locator('[data-testid="recommendation-list"]').waitFor();
    expect(await commenter.locator('[data-testid="new-recommendation"]').count()).toBe(0);
  });

  it('lets a coordinator move a draft to review from the editor page, and says so', async () => {
    const page = await signedIn('coordinator');
    await page.locator('[data-testid="recommendation-row"]', { hasText: 'Open micro-grants' }).locator('a').click();
    await page.locator('[data-testid="status-select"]').selectOption('in_review');
    await page.locator('[data-testid="status-submit"]').click();
    await expect.poll(() => page.locator('[data-testid="status-outcome"]').textContent()).toBe('Status changed to In review.');
    expect(await page.locator('[data-testid="status-badge"]').getAttribute('data-status')).toBe('in_review');

    const commenter = await signedIn('commenter');
    await commenter.locator('[data-testid="recommendation-row"]', { hasText: 'Open micro-grants' }).locator('a').click();
    await commenter.locator('[data-testid="recommendation-title"]').waitFor();
    expect(await commenter.locator('[data-testid="status-form"]').count()).toBe(0);
  });

  it('lets a coordinator add a partner, whose flag is named by its country', async () => {
    const page = await signedIn('coordinator');
    await page.locator('[data-testid="network-link"]').click();
    await page.locator('[data-testid="new-partner"]').click();
    await page.locator('[data-testid="new-partner-submit"]').click();
    await expect.poll(() => page.locator('[data-testid="new-partner-form"] [data-testid="field-problem"]').count()).toBe(4);

    const form = page.locator('[data-testid="new-partner-form"]');
    await page.locator('[data-testid="new-partner-name"]').fill('City of Varaždin');
    await form.getByLabel('Town').fill('Varaždin');
    await form.getByLabel('Country').selectOption('HR');
    await form.getByLabel('Working language').fill('hr');
    await page.locator('[data-testid="new-partner-submit"]').click();
    await expect.poll(() => page.locator('[data-testid="new-partner-outcome"]').textContent()).toBe('City of Varaždin was added to the network.');
    const card = page.locator('[data-testid="partner"]', { hasText: 'City of Varaždin' });
    expect(await card.locator('img[data-testid="country-flag"]').getAttribute('alt')).toBe('Croatia');
  });

  it('lets a coordinator create a working group with a labelled form', async () => {
    const page = await signedIn('coordinator');
    await page.locator('[data-testid="network-link"]').click();
    await page.locator('[data-testid="new-group-submit"]').click();
    await expect.poll(() => page.locator('[data-testid="new-group-form"] [data-testid="field-problem"]').textContent()).toContain('Enter a name');
    await page.locator('[data-testid="new-group-name"]').fill('Koprivnica local working group');
    await page.locator('[data-testid="new-group-submit"]').click();
    await expect.poll(() => page.locator('[data-testid="working-group-list"]').textContent()).toContain('Koprivnica local working group');
    expect(await page.locator('[data-testid="new-group-outcome"]').textContent()).toBe('Working group Koprivnica local working group was created.');
  });
});
