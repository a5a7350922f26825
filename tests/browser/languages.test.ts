import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN, signInAs } from '../fixtures/accounts';
import { launchChromium, signInThroughPage } from '../fixtures/browser';
import { listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const SLOVENIAN_MONTHS = /\d{1,2}\. (januar|februar|marec|april|maj|junij|julij|avgust|september|oktober|november|december) \d{4}/;

describe('languages in Chromium', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;
  let slovenianTextId: string;
  let mixedTextId: string;
  const contexts: BrowserContext[] = [];

  /** A fresh browser profile whose language is `locale` (navigator.languages and Accept-Language). */
  const newPage = async (locale = 'en-GB'): Promise<Page> => {
    const context = await browser.newContext({ locale });
    contexts.push(context);
    return context.newPage();
  };
  const heading = (page: Page) => page.locator('h1.page__title').innerText();
  const htmlLang = (page: Page) => page.locator('html').getAttribute('lang');
  // Page scripts as strings: the test tsconfig has no DOM types.
  const noReload = (page: Page) => page.evaluate<boolean>('window.accordNoReloadMarker === true');

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    browser = await launchChromium();
    const recommendations = await listRecommendations(await signInAs(server.httpUrl, 'coordinator'));
    slovenianTextId = recommendations.find((recommendation) => recommendation.language === 'sl')!.id;
    mixedTextId = recommendations.find((recommendation) => recommendation.title.startsWith('Participatory budgeting'))!.id;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  it('opens in the browser’s language before anyone signs in', async () => {
    const slovenianBrowser = await newPage('sl-SI');
    await slovenianBrowser.goto(server.httpUrl);
    await expect.poll(() => heading(slovenianBrowser)).toBe('Prijava v Accord');
    expect(await htmlLang(slovenianBrowser)).toBe('sl');

    const germanBrowser = await newPage('de-DE');
    await germanBrowser.goto(server.httpUrl);
    await expect.poll(() => heading(germanBrowser)).toBe('Sign in to Accord');
    expect(await htmlLang(germanBrowser)).toBe('en');
  });

  it('switches to Slovenian at once from the header, without a reload, and keeps it on the member', async () => {
    const page = await newPage('en-GB');
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN.coordinator.email, DEMO_LOGIN.coordinator.password);
    await expect.poll(() => heading(page)).toBe('Recommendations');
    expect(await htmlLang(page)).toBe('en');
    // A reload would lose this marker.
    await page.evaluate('window.accordNoReloadMarker = true');

    await page.locator('[data-testid="language-switcher"]').selectOption('sl');
    await expect.poll(() => heading(page)).toBe('Priporočila');
    expect(await htmlLang(page)).toBe('sl');
    expect(await noReload(page)).toBe(true);
    expect(await page.locator('[data-testid="sign-out"]').innerText()).toBe('Odjava');
    // Six texts: the Slovenian "other" form ("6 priporočil"), not "6 recommendations".
    expect(await page.locator('.page__count').innerText()).toBe('6 priporočil');
    // Relative times and dates through Intl in Slovenian: the text edited 26 hours ago.
    await expect.poll(() => page.locator('[data-testid="recommendation-row"] time').allInnerTexts()).toContain('včeraj');
    expect(await page.locator('[data-testid="recommendation-row"] time').first().getAttribute('title')).toMatch(SLOVENIAN_MONTHS);

    // Counted phrases use the four Slovenian forms: 2 člana (two), 3 člani and 4 člani (few).
    await page.locator('[data-testid="network-link"]').click();
    await page.locator('[data-testid="working-group-list"]').waitFor();
    expect((await page.locator('[data-testid="working-group-member-count"]').allInnerTexts()).sort()).toEqual(['2 člana', '3 člani', '4 člani']);
    expect(await noReload(page)).toBe(true);

    // Stored on the member: a reload, and another browser with another language, open in Slovenian.
    await page.reload();
    await expect.poll(() => page.locator('[data-testid="working-group-list"]').count()).toBe(1);
    expect(await page.locator('h2#groups-title').innerText()).toBe('Delovne skupine');
    expect(await htmlLang(page)).toBe('sl');
    const elsewhere = await newPage('en-US');
    await signInThroughPage(elsewhere, server.httpUrl, DEMO_LOGIN.coordinator.email, DEMO_LOGIN.coordinator.password);
    await expect.poll(() => heading(elsewhere)).toBe('Priporočila');
  });

  it('marks the Slovenian text as Slovenian for screen readers, in an English UI too', async () => {
    const page = await newPage('en-GB');
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN.editor.email, DEMO_LOGIN.editor.password);
    await page.goto(`${server.httpUrl}/#/recommendations/${slovenianTextId}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    const content = page.locator('[data-testid="editor-content"]');
    await expect.poll(() => content.getAttribute('lang')).toBe('sl');
    // Connected is not yet synced: the text arrives with the sync reply.
    await expect.poll(() => content.innerText()).toContain('Evropski dan');
    expect(await htmlLang(page)).toBe('en');
    expect(await page.locator('[data-testid="content-language"]').innerText()).toBe('Slovenian');

    // An English text with a Slovenian passage: the text is English, the passage says it is not.
    await page.goto(`${server.httpUrl}/#/recommendations/${mixedTextId}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    await expect.poll(() => content.getAttribute('lang')).toBe('en');
    expect(await content.locator('p[lang="sl"]').innerText()).toContain('Mestna občina Ptuj');
  });

  it('shows the caret under the member’s own name and leaves nothing of them in localStorage after sign-out', async () => {
    const page = await newPage('en-GB');
    await page.goto(server.httpUrl);
    // What an earlier version left behind: a typed-in name that followed the next person.
    await page.evaluate(`localStorage.setItem('accord.user', '{"name":"Somebody Else","color":"#b42318"}')`);
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN.editor.email, DEMO_LOGIN.editor.password);
    await page.goto(`${server.httpUrl}/#/recommendations/${slovenianTextId}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    expect(await page.locator('[data-testid="display-name"]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid="presence-avatar"][data-self="true"]').getAttribute('title')).toBe('Luka Vidmar (you)');

    await page.locator('[data-testid="sign-out"]').click();
    await page.locator('[data-testid="sign-in-page"]').waitFor();
    const stored = await page.evaluate<string>("Object.entries(localStorage).map(([key, value]) => key + '=' + value).join('\\n')");
    expect(stored).not.toContain('accord.user');
    expect(stored).not.toContain('Luka');
    expect(stored).not.toContain(DEMO_LOGIN.editor.email);
  });
});
