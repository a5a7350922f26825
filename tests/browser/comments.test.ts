import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRole } from '@accord/contracts';
import { DEMO_LOGIN, signInAs } from '../fixtures/accounts';
import { launchChromium, signInThroughPage } from '../fixtures/browser';
import { listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

/** A passage of the demo draft ("Evidence from the network") that no seeded thread covers. */
const PASSAGE = 'the application burden was the main reason';

/** Runs in the page: TipTap keeps its editor on the ProseMirror element. */
interface EditorElement extends HTMLElement {
  editor: {
    view: { posAtDOM(node: Node, offset: number): number; focus(): void };
    commands: { setTextSelection(range: number | { from: number; to: number }): boolean };
  };
}

describe('comment threads in the editor, in two Chromium pages', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;
  let draftId: string;
  const contexts: BrowserContext[] = [];

  async function openEditor(role: MemberRole): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN[role].email, DEMO_LOGIN[role].password);
    await page.goto(`${server.httpUrl}/#/recommendations/${draftId}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    await expect.poll(() => page.locator('.ProseMirror').innerText()).toContain('Evidence from the network');
    return page;
  }

  /** Selects `text` (its first occurrence) in the editor, from `start` characters into it for `length` characters. */
  async function select(page: Page, text: string, start = 0, length = text.length): Promise<void> {
    await page.evaluate(
      ({ text, start, length }) => {
        const root = document.querySelector<EditorElement>('.ProseMirror')!;
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent!.indexOf(text);
          if (at < 0) continue;
          const from = root.editor.view.posAtDOM(node, at + start);
          // Focus at once: TipTap's focus command waits for the next frame, and keys typed before it
          // went to the page (the first letter of "Note:" was lost that way). The element's own focus
          // for a read-only text, which ProseMirror does not focus.
          root.focus({ preventScroll: true });
          root.editor.view.focus();
          root.editor.commands.setTextSelection(length === 0 ? from : { from, to: from + length });
          return;
        }
        throw new Error(`"${text}" is not in the text`);
      },
      { text, start, length },
    );
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('ProseMirror') ?? false)).toBe(true);
  }

  /** The text of each highlighted passage of `threadId`, joined across the pieces overlaps cut it into. */
  async function highlightedText(page: Page, threadId: string): Promise<string> {
    return page.evaluate((id) => {
      const pieces = [...document.querySelectorAll<HTMLElement>('[data-testid="thread-highlight"]')].filter((piece) => piece.dataset.threadIds!.split(' ').includes(id));
      return pieces.map((piece) => piece.textContent).join('');
    }, threadId);
  }

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

  it('shows the seeded threads: the open one highlighted, the detached one with its quote, the resolved one only on request', async () => {
    const page = await openEditor('editor');
    const cards = page.locator('[data-testid="thread-card"]');
    await expect.poll(() => cards.count()).toBe(2);
    const detached = page.locator('[data-testid="thread-card"][data-anchor="detached"]');
    await expect.poll(() => detached.count()).toBe(1);
    expect(await detached.locator('[data-testid="thread-quote"]').innerText()).toContain('Applications would open twice a year');
    const open = page.locator('[data-testid="thread-card"][data-anchor="attached"]');
    const openId = (await open.getAttribute('data-thread-id'))!;
    await expect.poll(() => highlightedText(page, openId)).toBe('EUR 5,000');
    expect(await page.locator('[data-testid="thread-card"][data-status="resolved"]').count()).toBe(0);

    await page.locator('[data-testid="thread-filter"]').selectOption('resolved');
    await expect.poll(() => page.locator('[data-testid="thread-card"][data-status="resolved"]').count()).toBe(1);
    expect(await cards.count()).toBe(1);
  });

  it('a commenter comments on a selection; the editor sees it live, and its highlight follows the passage through edits and detaches when it is deleted', async () => {
    const editor = await openEditor('editor');
    const commenter = await openEditor('commenter');
    await expect.poll(() => editor.locator('[data-testid="thread-card"]').count()).toBe(2);

    // The commenter (read-only) selects the passage and comments from the bubble menu.
    await select(commenter, PASSAGE);
    await commenter.locator('[data-testid="bubble-comment"]').click();
    await commenter.locator('[data-testid="thread-composer-text"]').fill('Which survey question was this?');
    await commenter.locator('[data-testid="thread-composer-stance"]').selectOption('neutral');
    await commenter.locator('[data-testid="thread-composer-submit"]').click();
    const created = commenter.locator('[data-testid="thread-card"][data-status="open"]', { hasText: 'the application burden' });
    await created.waitFor();
    const threadId = (await created.getAttribute('data-thread-id'))!;
    // Focus moves to the new thread, which is open with the comment.
    await expect.poll(() => commenter.evaluate(() => document.activeElement?.getAttribute('data-thread-id'))).toBe(threadId);
    expect(await created.innerText()).toContain('Which survey question was this?');

    // The editor's page shows the thread and its highlight without a reload.
    const card = editor.locator(`[data-testid="thread-card"][data-thread-id="${threadId}"]`);
    await card.waitFor();
    expect(await card.innerText()).toContain('1 comment');
    await expect.poll(() => highlightedText(editor, threadId)).toBe(PASSAGE);

    // Typing before the passage moves it; typing inside it grows it; both pages agree.
    await select(editor, 'In the 2021 survey', 0, 0);
    await editor.keyboard.type('Note: ');
    await select(editor, PASSAGE, 'the '.length, 0);
    await editor.keyboard.type('heavy ');
    const grown = 'the heavy application burden was the main reason';
    for (const page of [editor, commenter]) {
      await expect.poll(() => page.locator('.ProseMirror').innerText()).toContain(`Note: In the 2021 survey`);
      await expect.poll(() => highlightedText(page, threadId)).toBe(grown);
    }

    // Deleting the whole passage detaches the thread: no highlight, its quote kept.
    await select(editor, grown);
    await editor.keyboard.press('Backspace');
    for (const page of [editor, commenter]) {
      const detachedCard = page.locator(`[data-testid="thread-card"][data-thread-id="${threadId}"]`);
      await expect.poll(() => detachedCard.getAttribute('data-anchor')).toBe('detached');
      expect(await detachedCard.locator('[data-testid="thread-detached"]').innerText()).toBe('Detached');
      expect(await detachedCard.locator('[data-testid="thread-quote"]').innerText()).toBe(PASSAGE);
      expect(await highlightedText(page, threadId)).toBe('');
    }
  });

  it('a commenter selects by keyboard in the read-only text and starts a thread with Ctrl+Alt+M; the page never shows unsaved state', async () => {
    const commenter = await openEditor('commenter');
    await commenter.locator('[data-testid="thread-card"]').first().waitFor();
    // Nothing to save for a reader: no save state at all, and loading wrote nothing of theirs to the text.
    expect(await commenter.locator('[data-testid="save-state"]').count()).toBe(0);
    const ownEdits = () =>
      commenter.evaluate(() => {
        const root = document.querySelector('.ProseMirror') as HTMLElement & { editor: { state: { plugins: { key: string; getState(state: unknown): unknown }[] } & object } };
        const state = root.editor.state;
        const sync = state.plugins.find((plugin) => plugin.key.startsWith('y-sync'))!.getState(state) as { binding: { doc: { clientID: number; store: { clients: Map<number, unknown[]> } } } };
        const doc = sync.binding.doc;
        return doc.store.clients.get(doc.clientID)?.length ?? 0;
      });
    expect(await ownEdits()).toBe(0);

    // Tab into the text, put the caret before "In the 2021 survey" and take three words with Ctrl+Shift+Right.
    await commenter.locator('.ProseMirror').focus();
    await select(commenter, 'In the 2021 survey', 0, 0);
    for (let word = 0; word < 3; word += 1) await commenter.keyboard.press('Control+Shift+ArrowRight');
    await expect.poll(() => commenter.evaluate(() => document.getSelection()?.toString().trim())).toBe('In the 2021');
    await commenter.keyboard.press('Control+Alt+KeyM');
    const draft = commenter.locator('[data-testid="new-thread"]');
    await draft.waitFor();
    expect((await draft.locator('q').innerText()).trim()).toBe('In the 2021');
    await expect.poll(() => commenter.evaluate(() => document.activeElement?.closest('[data-testid="thread-composer"]') !== null)).toBe(true);
    await commenter.keyboard.type('Which survey was this?');
    await commenter.keyboard.press('Control+Enter');
    const created = commenter.locator('[data-testid="thread-card"]', { hasText: 'Which survey was this?' });
    await created.waitFor();
    expect(await commenter.getByText('Saving…').count()).toBe(0);
    expect(await ownEdits()).toBe(0);
  });

  it('resolving a thread on one page hides it on the other', async () => {
    const editor = await openEditor('editor');
    const commenter = await openEditor('commenter');
    const open = editor.locator('[data-testid="thread-card"]', { hasText: 'EUR 5,000' });
    await open.waitFor();
    const threadId = (await open.getAttribute('data-thread-id'))!;
    await expect.poll(() => highlightedText(commenter, threadId)).toBe('EUR 5,000');

    await open.locator('[data-testid="thread-toggle"]').click();
    await open.locator('[data-testid="thread-resolve"]').click();

    const onCommenter = commenter.locator(`[data-testid="thread-card"][data-thread-id="${threadId}"]`);
    await expect.poll(() => onCommenter.count()).toBe(0);
    await expect.poll(() => highlightedText(commenter, threadId)).toBe('');
    await commenter.locator('[data-testid="thread-filter"]').selectOption('resolved');
    await expect.poll(() => onCommenter.getAttribute('data-status')).toBe('resolved');
  });
});
