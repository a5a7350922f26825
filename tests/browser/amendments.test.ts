import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRole } from '@accord/contracts';
import { DEMO_LOGIN, signInAs } from '../fixtures/accounts';
import { launchChromium, signInThroughPage } from '../fixtures/browser';
import { StockClient } from '../fixtures/collab-client';
import { anchorOf } from '../fixtures/passages';
import { listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

/** The committed pictures are refreshed on request only (UPDATE_SCREENSHOTS=1); a test run writes beside its results. */
const shotsDir = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots';

const DRAFT = 'Open micro-grants for citizen-led European projects';
/** A passage of the demo draft that neither a seeded thread nor the seeded amendment covers. */
const PASSAGE = 'the application burden was the main reason';

interface EditorElement extends HTMLElement {
  editor: {
    view: { posAtDOM(node: Node, offset: number): number; focus(): void; hasFocus(): boolean };
    commands: { setTextSelection(range: number | { from: number; to: number }): boolean };
  };
}

/**
 * Selects `length` characters of `text` from `start`, in the editor `selector` (length 0: puts the
 * caret there), and gives an editable text the keyboard focus before it returns. TipTap's focus command
 * waits for the next animation frame: keys typed before it landed went to the page (its main
 * element has the focus after a navigation) and were lost, so the text read "burdend pre-financing)".
 */
async function select(page: Page, selector: string, text: string, start = 0, length = text.length): Promise<void> {
  await page.evaluate(
    ({ selector, text, start, length }) => {
      const root = document.querySelector<EditorElement>(selector)!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(text);
        if (at < 0) continue;
        const from = root.editor.view.posAtDOM(node, at + start);
        root.editor.commands.setTextSelection(length === 0 ? from : { from, to: from + length });
        root.editor.view.focus();
        // A read-only text (the recommendation, for a commenter) takes no focus, only the selection.
        if (root.isContentEditable && !root.editor.view.hasFocus()) throw new Error(`${selector} did not take the focus`);
        return;
      }
      throw new Error(`"${text}" is not in the text`);
    },
    { selector, text, start, length },
  );
}

/** The words the diff view `testId` marks as inserted. */
async function insertedIn(page: Page, testId: string): Promise<string> {
  return (await page.locator(`[data-testid="${testId}"] [data-testid="diff-view"] ins`).allInnerTexts()).join(' ');
}

describe('amendments in Chromium: propose from a selection, edit the fork, see the diff and the merged preview', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;
  let draftId: string;
  const contexts: BrowserContext[] = [];

  async function open(role: MemberRole, locale = 'en-GB'): Promise<Page> {
    const context = await browser.newContext({ locale });
    contexts.push(context);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN[role].email, DEMO_LOGIN[role].password);
    return page;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    browser = await launchChromium();
    draftId = (await listRecommendations(await signInAs(server.httpUrl, 'coordinator'))).find((recommendation) => recommendation.title === DRAFT)!.id;
    mkdirSync(shotsDir, { recursive: true });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  it('lets a commenter propose an amendment from a selection and see the diff and the merged preview as they type', async () => {
    const page = await open('commenter');
    await page.goto(`${server.httpUrl}/#/recommendations/${draftId}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    // The seeded amendment is listed with its status.
    await expect.poll(() => page.locator('[data-testid="amendment-item"]').count()).toBe(1);
    await select(page, '.ProseMirror', PASSAGE);
    await page.locator('[data-testid="bubble-amend"]').click();
    await page.getByLabel('Title').fill('Name the burden');
    await page.getByLabel('Reason').fill('Say what made applying hard.');
    await page.locator('[data-testid="amendment-propose-submit"]').click();

    await page.locator('[data-testid="amendment-page"]').waitFor();
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="amendment-passage"]').allInnerTexts()).toEqual([PASSAGE]);
    await page.locator('[data-testid="amendment-diff-empty"]').waitFor();

    // Type inside the passage: after "application burden". The server takes it (the save state
    // says so), and the diff and the merged preview show it.
    await select(page, '[data-testid="amendment-content"]', 'application burden', 'application burden'.length, 0);
    await page.keyboard.type(' (forms and pre-financing)');
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    await expect.poll(() => insertedIn(page, 'amendment-diff')).toContain('(forms and pre-financing)');
    await expect.poll(() => insertedIn(page, 'amendment-preview')).toContain('(forms and pre-financing)');
    expect(await page.locator('[data-testid="amendment-refused"]').count()).toBe(0);

    // Typing at the end edge of the passage, a space first (before the space that follows it), is
    // typing inside it: the server takes it and the session stays open (it was closed with 4406).
    await select(page, '[data-testid="amendment-content"]', 'main reason', 'main reason'.length, 0);
    await page.keyboard.type(' by far');
    await expect.poll(() => insertedIn(page, 'amendment-diff')).toContain('by far');
    await expect.poll(() => page.locator('[data-testid="amendment-passage"]').allInnerTexts()).toEqual(['the application burden (forms and pre-financing) was the main reason by far']);
    expect(await page.locator('[data-testid="session-closed"]').count()).toBe(0);
    expect(await page.locator('[data-testid="amendment-refused"]').count()).toBe(0);

    // Typing outside the passage is kept from the text, with a sentence; the session stays open.
    await select(page, '[data-testid="amendment-content"]', 'Small groups of residents', 0, 0);
    await page.keyboard.type('X');
    await page.locator('[data-testid="amendment-refused"]').waitFor();
    expect(await page.locator('[data-testid="amendment-refused"]').innerText()).toBe('That edit reached outside the amended passage and was not made: only the passage can change.');
    expect(await page.locator('[data-testid="amendment-content"]').innerText()).not.toContain('XSmall');
    // Still connected and saving: a further edit inside the passage reaches the diff.
    await select(page, '[data-testid="amendment-content"]', 'was the main', 'was the'.length, 0);
    await page.keyboard.type(' single');
    await expect.poll(() => insertedIn(page, 'amendment-diff')).toContain('single');
    await expect.poll(() => insertedIn(page, 'amendment-preview')).toContain('single');
    expect(await page.locator('[data-testid="session-closed"]').count()).toBe(0);
    expect(await page.locator('[data-testid="connection-state"]').getAttribute('data-state')).toBe('connected');
    expect(await page.locator('[data-testid="amendment-diff"]').innerText()).not.toContain('XSmall');
  });

  it('screenshots the amendment page: editable (its author) and read-only, in English and Slovenian', async () => {
    const amendmentId = await (async () => {
      const page = await open('commenter');
      await page.goto(`${server.httpUrl}/#/recommendations/${draftId}`);
      const first = page.locator('[data-testid="amendment-item"]').first();
      await first.waitFor();
      return first.getAttribute('data-amendment-id');
    })();
    for (const [role, locale, name] of [
      ['commenter', 'en-GB', 'amendments-editable-en'],
      ['editor', 'sl-SI', 'amendments-editable-sl'],
      ['delegate', 'en-GB', 'amendments-read-only-en'],
      ['delegate', 'sl-SI', 'amendments-read-only-sl'],
    ] as const) {
      const page = await open(role, locale);
      await page.goto(`${server.httpUrl}/#/amendments/${amendmentId}`);
      await page.locator('[data-testid="amendment-passage"]').first().waitFor();
      await page.locator('[data-testid="amendment-preview"]').waitFor();
      if (role === 'delegate') await page.locator('[data-testid="read-only-notice"]').waitFor();
      await page.screenshot({ path: `${shotsDir}/${name}.png`, fullPage: true });
    }
    const list = await open('commenter');
    await list.goto(`${server.httpUrl}/#/recommendations/${draftId}`);
    await list.locator('[data-testid="amendment-item"]').first().waitFor();
    await list.locator('[data-testid="amendments-list"]').screenshot({ path: `${shotsDir}/amendments-list-en.png` });
  });

  it('keeps the list of amendments under the text live: a proposal and a decline made elsewhere show without a reload', async () => {
    const page = await open('delegate');
    await page.goto(`${server.httpUrl}/#/recommendations/${draftId}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    const items = page.locator('[data-testid="amendment-item"]');
    await items.first().waitFor();
    const before = await items.count();

    const editor = await signInAs(server.httpUrl, 'editor');
    const reader = new StockClient(server.wsUrl, draftId, { token: await editor.collabToken() });
    let proposedId: string;
    try {
      await reader.synced();
      ({ id: proposedId } = await editor.json<{ id: string }>('POST', `/api/recommendations/${draftId}/amendments`, {
        title: 'Say who applies',
        reason: 'Name the applicants.',
        anchor: anchorOf(reader, 'Small groups of residents'),
      }));
    } finally {
      reader.destroy();
    }
    const proposed = page.locator(`[data-testid="amendment-item"][data-amendment-id="${proposedId}"]`);
    await proposed.waitFor();
    expect(await items.count()).toBe(before + 1);
    expect(await proposed.innerText()).toContain('Say who applies');
    expect(await proposed.locator('[data-testid="amendment-status"]').getAttribute('data-status')).toBe('open');

    const coordinator = await signInAs(server.httpUrl, 'coordinator');
    await coordinator.json('POST', `/api/amendments/${proposedId}/decline`, { reason: 'Covered by the eligibility rules.' });
    await expect.poll(() => proposed.locator('[data-testid="amendment-status"]').getAttribute('data-status')).toBe('declined');
  });
});
