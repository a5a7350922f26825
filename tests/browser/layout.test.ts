import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN } from '../fixtures/accounts';
import { launchChromium, signInThroughPage } from '../fixtures/browser';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

/** Words (an e-mail address may wrap after its @) that the browser drew across two lines. */
function brokenWords(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((root) => {
    const broken: string[] = [];
    const container = document.querySelector(root);
    if (!container) throw new Error(`${root} is not on the page`);
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of (node.textContent ?? '').matchAll(/[^\s@]+@?/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
    return broken;
  }, selector);
}

describe('what a newcomer saw, in Chromium', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const newPage = async (width: number, options: { reducedMotion?: 'reduce' | 'no-preference' } = {}): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, reducedMotion: options.reducedMotion });
    contexts.push(context);
    return context.newPage();
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

  it.each([1280, 375, 320])('breaks no word of the demo accounts mid-letter at %i px', async (width) => {
    const page = await newPage(width);
    await page.goto(`${server.httpUrl}/#/sign-in`);
    await page.locator('[data-testid="demo-accounts"]').waitFor();
    expect(await brokenWords(page, '[data-testid="demo-accounts"]')).toEqual([]);
  });

  it('stacks each demo account on a phone', async () => {
    const page = await newPage(375);
    await page.goto(`${server.httpUrl}/#/sign-in`);
    const account = page.locator('.demo-account').first();
    const credentials = await account.locator('dl').boundingBox();
    const button = await account.locator('button').boundingBox();
    expect(button!.y).toBeGreaterThanOrEqual(credentials!.y + credentials!.height);
  });

  it('lays the three list filters out in one row, each with a visible label', async () => {
    const page = await newPage(1280);
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN.editor.email, DEMO_LOGIN.editor.password);
    await page.locator('[data-testid="recommendation-list"]').waitFor();
    const filters = await page.locator('.list-filters select').evaluateAll((selects) =>
      selects.map((select) => ({ top: Math.round(select.getBoundingClientRect().top), label: select.closest('label')?.querySelector('span')?.textContent ?? null })),
    );
    expect(filters.map((filter) => filter.label)).toEqual(['Working group', 'Theme', 'Status']);
    expect(new Set(filters.map((filter) => filter.top)).size).toBe(1);
  });

  it('shows when each seeded text was last edited, not "now" for all', async () => {
    const page = await newPage(1280);
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN.editor.email, DEMO_LOGIN.editor.password);
    await page.locator('[data-testid="recommendation-list"]').waitFor();
    const times = await page.locator('.recommendation-table__time').allTextContents();
    // One per seeded text (six since the Slovenian example), each different, none "now".
    expect(times).toHaveLength(await page.locator('[data-testid="recommendation-row"]').count());
    expect(times.length).toBeGreaterThanOrEqual(5);
    expect(times).not.toContain('now');
    expect(new Set(times).size).toBe(times.length);
  });

  it('names each page in the browser tab', async () => {
    const page = await newPage(1280);
    await page.goto(`${server.httpUrl}/#/sign-in`);
    await expect.poll(() => page.title()).toBe('Sign in to Accord · Accord');
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN.editor.email, DEMO_LOGIN.editor.password);
    await expect.poll(() => page.title()).toBe('Recommendations · Accord');
    await page.locator('[data-testid="recommendation-row"]', { hasText: 'Open micro-grants' }).locator('a').click();
    await expect.poll(() => page.title()).toBe('Open micro-grants for citizen-led European projects · Accord');
    await page.goto(`${server.httpUrl}/#/no-such-page`);
    await expect.poll(() => page.title()).toBe('Page not found · Accord');
  });

  it('moves nothing when the system asks for reduced motion', async () => {
    const moving = await newPage(1280, { reducedMotion: 'no-preference' });
    const still = await newPage(1280, { reducedMotion: 'reduce' });
    const rowTransition = async (page: Page): Promise<string> => {
      await signInThroughPage(page, server.httpUrl, DEMO_LOGIN.editor.email, DEMO_LOGIN.editor.password);
      return page.locator('[data-testid="recommendation-row"]').first().evaluate((row) => getComputedStyle(row).transitionDuration);
    };
    expect(await rowTransition(moving)).not.toBe('0s');
    expect(await rowTransition(still)).toBe('0s');
  });
});
