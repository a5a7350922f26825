import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN, signInAs } from '../fixtures/accounts';
import { launchChromium, signInThroughPage } from '../fixtures/browser';
import { listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

describe('signed-in roles in Chromium', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;
  let draftId: string;
  const contexts: BrowserContext[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    browser = await launchChromium();
    draftId = (await listRecommendations(await signInAs(server.httpUrl, 'coordinator'))).find((recommendation) => recommendation.status === 'draft')!.id;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  it('asks for sign-in first, and lists the demo accounts in demo mode', async () => {
    const page = await newPage();
    await page.goto(`${server.httpUrl}/#/recommendations/${draftId}`);
    await page.locator('[data-testid="sign-in-page"]').waitFor();
    expect(await page.locator('[data-testid="demo-accounts"]').innerText()).toContain(DEMO_LOGIN.editor.password);
    await page.locator('[data-testid="sign-in-email"]').fill(DEMO_LOGIN.editor.email);
    await page.locator('[data-testid="sign-in-password"]').fill('wrong password');
    await page.locator('[data-testid="sign-in-submit"]').click();
    await expect.poll(() => page.locator('[data-testid="sign-in-problem"]').innerText()).toContain('wrong');
  });

  it('lets an editor of the working group type, and saves it', async () => {
    const page = await newPage();
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN.editor.email, DEMO_LOGIN.editor.password);
    await page.goto(`${server.httpUrl}/#/recommendations/${draftId}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    expect(await page.locator('[data-testid="read-only-notice"]').count()).toBe(0);
    await page.locator('.ProseMirror p').last().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('The editor from Ptuj writes this.');
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    await expect.poll(() => page.locator('.ProseMirror').innerText()).toContain('The editor from Ptuj writes this.');
  });

  it('shows a commenter the read-only editor with the reason, and nothing they type reaches the text', async () => {
    const page = await newPage();
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN.commenter.email, DEMO_LOGIN.commenter.password);
    await page.goto(`${server.httpUrl}/#/recommendations/${draftId}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    const notice = page.locator('[data-testid="read-only-notice"]');
    await notice.waitFor();
    expect(await notice.getAttribute('data-reason')).toBe('not-editor');
    expect(await notice.innerText()).toContain('only editors of its working group and coordinators can change the text');
    await expect.poll(() => page.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false');
    // Screen readers hear a named, multi-line text field that is read-only.
    expect(await page.locator('.ProseMirror').getAttribute('aria-label')).toBe('Recommendation text');
    expect(await page.locator('.ProseMirror').getAttribute('aria-multiline')).toBe('true');
    await expect.poll(() => page.locator('.ProseMirror').getAttribute('aria-readonly')).toBe('true');
    await expect.poll(() => page.locator('.ProseMirror').innerText()).toContain('The editor from Ptuj writes this.');
    await page.locator('.ProseMirror p').last().click();
    await page.keyboard.type('A commenter tries to type');
    expect(await page.locator('.ProseMirror').innerText()).not.toContain('A commenter tries to type');
  });

  it('shows a coordinator the network page with flags, roles, outbox and audit log', async () => {
    const page = await newPage();
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN.coordinator.email, DEMO_LOGIN.coordinator.password);
    await page.locator('[data-testid="network-link"]').click();
    await page.locator('[data-testid="network-page"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="partner"]').count()).toBe(16);
    // An SVG flag named by the country, not emoji that draw as empty boxes without an emoji font.
    const slovenia = page.locator('[data-testid="partner-list"] img[data-testid="country-flag"][data-country="SI"]').first();
    expect(await slovenia.getAttribute('alt')).toBe('Slovenia');
    await expect.poll(() => slovenia.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
    await expect.poll(() => page.locator('[data-testid="member-row"]').count()).toBeGreaterThanOrEqual(8);
    await expect.poll(() => page.locator('[data-testid="audit-log"]').innerText()).toContain('sign-in');
  });
});
