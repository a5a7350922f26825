import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '../fixtures/accounts';
import { launchChromium } from '../fixtures/browser';
import { listRecommendations } from '../fixtures/demo-documents';
import { ENGLISH, PAGE_STATES, PageWalk, SLOVENIAN, horizontalOverflow, pageLanguage, wcagViolations, type LanguageRun } from '../fixtures/page-walk';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

/** The demo recommendation with a version history (apps/server/src/database/seed/demo-versions.ts). */
const DEMO_HISTORY_TITLE = 'Answering euroscepticism with local evidence';

/** Every language the UI speaks gets the same walk; a new one is one more entry. */
const LANGUAGES: LanguageRun[] = [ENGLISH, SLOVENIAN];

describe.each(LANGUAGES)('every page and state in Chromium, language $name', (language) => {
  let database: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;
  let walk: PageWalk;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    browser = await launchChromium();
    const recommendations = await listRecommendations(await signInAs(server.httpUrl, 'coordinator'));
    const draftId = recommendations.find((recommendation) => recommendation.status === 'draft')!.id;
    const historyId = recommendations.find((recommendation) => recommendation.title === DEMO_HISTORY_TITLE)!.id;
    const adoptedId = recommendations.find((recommendation) => recommendation.status === 'adopted')!.id;
    walk = new PageWalk(browser, server.httpUrl, { draftId, historyId, adoptedId }, language);
  });

  afterAll(async () => {
    await walk?.close();
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  it.each(PAGE_STATES)('$name: axe finds no WCAG 2.1 A or AA violation', async (state) => {
    const page = await walk.open(state);
    const violations = await wcagViolations(page);
    const lang = await pageLanguage(page);
    await page.close();
    expect(violations).toEqual([]);
    expect(lang).toBe(language.name);
  });

  it.each(PAGE_STATES)('$name: reflows at 320 px, no sideways scrolling', async (state) => {
    const page = await walk.open(state, 320);
    const overflow = await horizontalOverflow(page);
    const lang = await pageLanguage(page);
    await page.close();
    expect(overflow).toBe(0);
    expect(lang).toBe(language.name);
  });
});
