import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRole } from '@accord/contracts';
import { DEMO_LOGIN, signInAs } from '../fixtures/accounts';
import { launchChromium, signInThroughPage } from '../fixtures/browser';
import { listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

describe('two people co-editing in Chromium', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function openEditor(name: string, documentId: string, role: MemberRole): Promise<Page> {
    // Separate contexts: two people, two sessions. The name the others see is the signed-in member's.
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN[role].email, DEMO_LOGIN[role].password);
    await page.goto(`${server.httpUrl}/#/recommendations/${documentId}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="presence-avatar"][data-self="true"]').getAttribute('title')).toContain(name);
    return page;
  }

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

  it('lists the recommendations with their working group and status', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN.commenter.email, DEMO_LOGIN.commenter.password);
    await page.goto(server.httpUrl);
    await expect.poll(() => page.locator('[data-testid="recommendation-row"]').count()).toBe(6);
    await expect.poll(() => page.locator('body').innerText()).toContain('Ptuj local working group');
  });

  it('shows both texts, the other caret and "All changes saved" on both pages', async () => {
    const documentId = (await listRecommendations(await signInAs(server.httpUrl, 'coordinator'))).find((recommendation) => recommendation.status === 'draft')!.id;
    const maja = await openEditor('Maja Kranjc', documentId, 'coordinator');
    const luka = await openEditor('Luka Vidmar', documentId, 'editor');

    await expect.poll(() => maja.locator('[data-testid="presence-avatar"]').count()).toBe(2);
    await expect.poll(() => luka.locator('[data-testid="presence-avatar"]').count()).toBe(2);

    await maja.locator('.ProseMirror h1').click();
    await maja.keyboard.press('End');
    await maja.keyboard.press('Enter');
    await maja.keyboard.type('Maja adds a sentence from Ptuj.');
    await luka.locator('.ProseMirror p').last().click();
    await luka.keyboard.press('End');
    await luka.keyboard.press('Enter');
    await luka.keyboard.type('Luka adds one too.');

    for (const page of [maja, luka]) {
      await expect.poll(() => page.locator('.ProseMirror').innerText()).toContain('Maja adds a sentence from Ptuj.');
      await expect.poll(() => page.locator('.ProseMirror').innerText()).toContain('Luka adds one too.');
      await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
      expect(await page.locator('[data-testid="save-state"]').innerText()).toContain('All changes saved');
    }
    await expect.poll(() => maja.locator('.collaboration-carets__caret[data-user="Luka Vidmar"]').count()).toBe(1);
    await expect.poll(() => luka.locator('.collaboration-carets__caret[data-user="Maja Kranjc"]').count()).toBe(1);

    // What both saw as saved is what a fresh reader gets from the server.
    const reader = await openEditor('Nika Zupan', documentId, 'substitute');
    await expect.poll(() => reader.locator('.ProseMirror').innerText()).toContain('Luka adds one too.');
    expect(await reader.locator('.ProseMirror').innerText()).toContain('Maja adds a sentence from Ptuj.');
  });
});
