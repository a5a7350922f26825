import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN, signInAs } from '../fixtures/accounts';
import { launchChromium, signInThroughPage } from '../fixtures/browser';
import { listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

/** Runs in each page before its own scripts (as text: the tests are typed without the DOM library). */
const RECORD_VIOLATIONS = `
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.cspViolations.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample });
  }, true);`;

const INJECT_INLINE_SCRIPT = `(() => {
  const script = document.createElement('script');
  script.textContent = 'window.inlineScriptRan = true';
  document.head.appendChild(script);
  return window.inlineScriptRan === true;
})()`;

/**
 * The Content-Security-Policy is enforced by a real Chromium, and the app lives within it: signing
 * in, opening the editor (ProseMirror and the collaboration carets write style attributes) and
 * typing raise no `securitypolicyviolation`; nor does the Swagger UI under its own policy.
 */
describe('the Content-Security-Policy in Chromium', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;
  let draftId: string;
  const contexts: BrowserContext[] = [];

  /** A page that records every CSP violation its documents report, from the first script on. */
  const watchedPage = async (): Promise<Page> => {
    const context = await browser.newContext();
    contexts.push(context);
    await context.addInitScript({ content: RECORD_VIOLATIONS });
    return context.newPage();
  };
  const violations = (page: Page) => page.evaluate<Violation[]>('window.cspViolations ?? []');

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

  it('is enforced: an injected inline script does not run, and the violation is seen', async () => {
    const page = await watchedPage();
    await page.goto(`${server.httpUrl}/#/sign-in`);
    await page.locator('[data-testid="sign-in-page"]').waitFor();
    const ran = await page.evaluate<boolean>(INJECT_INLINE_SCRIPT);
    expect(ran).toBe(false);
    await expect.poll(async () => (await violations(page)).map((violation) => violation.directive)).toContain('script-src-elem');
  });

  it('lets a member sign in, open the editor, see a collaborator and type without a violation', async () => {
    const page = await watchedPage();
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN.editor.email, DEMO_LOGIN.editor.password);
    await page.goto(`${server.httpUrl}/#/recommendations/${draftId}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    // A second member in the same text: their caret and avatar are drawn with inline styles.
    const other = await watchedPage();
    await signInThroughPage(other, server.httpUrl, DEMO_LOGIN.coordinator.email, DEMO_LOGIN.coordinator.password);
    await other.goto(`${server.httpUrl}/#/recommendations/${draftId}`);
    await other.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    await other.locator('.ProseMirror p').last().click();
    await other.keyboard.type('The coordinator types too.');
    await page.locator('.ProseMirror p').first().click();
    await page.keyboard.type('Checked under the policy. ');
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    await expect.poll(() => page.locator('.ProseMirror').innerText()).toContain('The coordinator types too.');
    await page.locator('.collaboration-carets__caret, .collaboration-cursor__caret').first().waitFor({ state: 'attached' });
    expect(await violations(page)).toEqual([]);
    expect(await violations(other)).toEqual([]);
  });

  it('shows the Swagger UI at /api/docs without a violation', async () => {
    const page = await watchedPage();
    await page.goto(`${server.httpUrl}/api/docs`);
    await expect.poll(() => page.locator('.swagger-ui .info .title').innerText()).toContain('Accord API');
    await page.locator('.opblock').first().waitFor();
    expect(await violations(page)).toEqual([]);
  });
});
