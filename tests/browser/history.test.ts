import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRole } from '@accord/contracts';
import { DEMO_LOGIN, signInAs } from '../fixtures/accounts';
import { launchChromium, signInThroughPage } from '../fixtures/browser';
import { listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const DEMO_HISTORY_TITLE = 'Answering euroscepticism with local evidence';

describe('version history in Chromium', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function signedIn(role: MemberRole): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN[role].email, DEMO_LOGIN[role].password);
    return page;
  }

  async function openText(page: Page, documentId: string): Promise<void> {
    await page.goto(`${server.httpUrl}/#/recommendations/${documentId}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
  }

  async function openHistory(page: Page): Promise<void> {
    await page.locator('[data-testid="view-history"]').click();
    await page.locator('[data-testid="history-timeline"], [data-testid="history-empty"]').first().waitFor();
  }

  const entry = (page: Page, number: number) => page.locator(`[data-testid="version-entry"][data-number="${number}"]`);

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

  it('shows the demo history to a reader: who contributed, kinds, hashes that verify, a diff with a legend, and no buttons that change anything', async () => {
    const documentId = (await listRecommendations(await signInAs(server.httpUrl, 'commenter'))).find((recommendation) => recommendation.title === DEMO_HISTORY_TITLE)!.id;
    const reader = await signedIn('commenter');
    await openText(reader, documentId);
    await openHistory(reader);
    expect(reader.url()).toContain(`/recommendations/${documentId}/history`);

    await expect.poll(() => reader.locator('[data-testid="version-entry"]').count()).toBe(3);
    expect(await entry(reader, 3).getAttribute('data-kind')).toBe('named');
    expect(await entry(reader, 3).locator('[data-testid="version-name"]').innerText()).toContain('Draft for the Bruxelles event');
    expect(await entry(reader, 2).locator('[data-testid="version-contributors"]').innerText()).toContain('Giulia Bassi');
    expect(await reader.locator('[data-testid="version-restore"], [data-testid="version-rename"], [data-testid="name-current-state"]').count()).toBe(0);

    await entry(reader, 2).locator('[data-testid="version-verify"]').click();
    await expect.poll(() => entry(reader, 2).locator('[data-testid="version-verification"]').getAttribute('data-intact')).toBe('true');

    await entry(reader, 1).locator('[data-testid="version-select"]').check();
    await entry(reader, 3).locator('[data-testid="version-select"]').check();
    await reader.locator('[data-testid="compare-selected"]').click();
    await reader.locator('[data-testid="diff-inline"]').waitFor();
    const legend = await reader.locator('[data-testid="diff-legend-author"]').allInnerTexts();
    expect(legend.join(' | ')).toContain('Giulia Bassi');
    expect(legend.join(' | ')).toContain('Eszter Kovács');
    const insertion = reader.locator('[data-testid="diff-ins"]').first();
    expect(await insertion.evaluate((element) => element.tagName)).toBe('INS');
    // The marker is text, read by screen readers and present without colour.
    expect(await insertion.textContent()).toMatch(/^\[inserted by (Giulia Bassi|Eszter Kovács): /u);
  });

  it('lets an editor compare versions inline and side by side with insertions and deletions marked, and restore one into the other page live', async () => {
    const documentId = (await listRecommendations(await signInAs(server.httpUrl, 'coordinator'))).find((recommendation) => recommendation.status === 'draft')!.id;
    const writer = await signedIn('coordinator');
    const historian = await signedIn('editor');
    await openText(writer, documentId);
    await openText(historian, documentId);
    await openHistory(historian);

    // Version 1: the text as it is now.
    await historian.locator('[data-testid="name-current-state"] input').fill('Before the edit');
    await historian.locator('[data-testid="name-current-state"] button[type="submit"]').click();
    await entry(historian, 1).waitFor();

    // The writer deletes the heading's last word and adds a sentence.
    const firstHeading = (await writer.locator('.ProseMirror h1').innerText()).trim();
    const lastWord = firstHeading.split(/\s+/u).pop()!;
    await writer.locator('.ProseMirror h1').click();
    await writer.keyboard.press('End');
    for (let i = 0; i < lastWord.length + 1; i++) await writer.keyboard.press('Backspace');
    await writer.keyboard.press('Enter');
    await writer.keyboard.type('Maja adds a sentence about youth exchanges.');
    await writer.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    await expect.poll(() => writer.locator('[data-testid="save-state"]').getAttribute('data-state')).toBe('saved');

    // Version 2 (or later): after the edit; compare it with version 1.
    await historian.locator('[data-testid="name-current-state"] input').fill('After the edit');
    await historian.locator('[data-testid="name-current-state"] button[type="submit"]').click();
    await historian.locator('[data-testid="version-name"]', { hasText: 'After the edit' }).waitFor();
    const afterNumber = Number(await historian.locator('[data-testid="version-entry"]', { hasText: 'After the edit' }).getAttribute('data-number'));
    await entry(historian, 1).locator('[data-testid="version-select"]').check();
    await entry(historian, afterNumber).locator('[data-testid="version-select"]').check();
    await historian.locator('[data-testid="compare-selected"]').click();
    await historian.locator('[data-testid="diff-inline"]').waitFor();

    await expect.poll(() => historian.locator('[data-testid="diff-inline"] ins').allInnerTexts()).toContainEqual(expect.stringContaining('youth exchanges'));
    expect((await historian.locator('[data-testid="diff-inline"] del').allInnerTexts()).join(' ')).toContain(lastWord);
    expect(await historian.locator('[data-testid="diff-inline"] ins', { hasText: 'youth exchanges' }).getAttribute('title')).toBe('inserted by Maja Kranjc');
    expect(await historian.locator('[data-testid="diff-legend-author"]').allInnerTexts()).toContainEqual(expect.stringContaining('Maja Kranjc'));

    await historian.locator('[data-testid="diff-layout-side-by-side"]').check();
    await historian.locator('[data-testid="diff-side-by-side"]').waitFor();
    expect(await historian.locator('[data-side="before"] del').count()).toBeGreaterThan(0);
    expect(await historian.locator('[data-side="after"] ins').count()).toBeGreaterThan(0);
    expect(await historian.locator('[data-side="before"] ins').count()).toBe(0);

    // Restore version 1: the writer's editor, on the other page, loses the sentence and gets the word back.
    await entry(historian, 1).locator('[data-testid="version-restore"]').click();
    await entry(historian, 1).locator('[data-testid="version-restore-confirm"]').click();
    await expect.poll(() => historian.locator('[data-testid="history-notice"]').innerText()).toContain('Version 1 restored');
    await expect.poll(() => writer.locator('.ProseMirror').innerText()).not.toContain('youth exchanges');
    expect((await writer.locator('.ProseMirror h1').innerText()).trim()).toBe(firstHeading);
    expect(await historian.locator('[data-testid="version-entry"][data-kind="restore"]').count()).toBe(1);
  });
});
