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
  let coordinatorName: string;
  const contexts: BrowserContext[] = [];

  async function openEditor(role: MemberRole): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN[role].email, DEMO_LOGIN[role].password);
    await page.goto(`${server.httpUrl}/#/recommendations/${draftId}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="editor-content"]').innerText()).toContain('Evidence from the network');
    return page;
  }

  /** Selects `text` (its first occurrence) in the editor, from `start` characters into it for `length` characters. */
  async function select(page: Page, text: string, start = 0, length = text.length): Promise<void> {
    await page.evaluate(
      ({ text, start, length }) => {
        const root = document.querySelector<EditorElement>('[data-testid="editor-content"]')!;
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
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'editor-content')).toBe(true);
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
    const coordinator = await signInAs(server.httpUrl, 'coordinator');
    coordinatorName = coordinator.result.member.displayName;
    draftId = (await listRecommendations(coordinator)).find((recommendation) => recommendation.status === 'draft')!.id;
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
      await expect.poll(() => page.locator('[data-testid="editor-content"]').innerText()).toContain(`Note: In the 2021 survey`);
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
        const root = document.querySelector('[data-testid="editor-content"]') as HTMLElement & { editor: { state: { plugins: { key: string; getState(state: unknown): unknown }[] } & object } };
        const state = root.editor.state;
        const sync = state.plugins.find((plugin) => plugin.key.startsWith('y-sync'))!.getState(state) as { binding: { doc: { clientID: number; store: { clients: Map<number, unknown[]> } } } };
        const doc = sync.binding.doc;
        return doc.store.clients.get(doc.clientID)?.length ?? 0;
      });
    expect(await ownEdits()).toBe(0);

    // Tab into the text, put the caret before "In the 2021 survey" and take three words with Ctrl+Shift+Right.
    await commenter.locator('[data-testid="editor-content"]').focus();
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

  it('writes a comment with the composer’s keys: bold, italic, a link, a line break, a mention from the list, and Ctrl+Enter sends', async () => {
    const editor = await openEditor('editor');
    const commenter = await openEditor('commenter');
    const composerFocused = (page: Page) =>
      expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('thread-composer-text');

    await select(editor, 'Lump-sum funding');
    await editor.keyboard.press('Control+Alt+KeyM');
    await composerFocused(editor);
    await editor.keyboard.press('Control+B');
    await editor.keyboard.type('Budget');
    await editor.keyboard.press('Control+B');
    await editor.keyboard.type(' and ');
    await editor.keyboard.press('Control+I');
    await editor.keyboard.type('timing');
    await editor.keyboard.press('Control+I');
    await editor.keyboard.press('Shift+Enter');
    await editor.keyboard.type('See ');
    await editor.keyboard.press('Control+K');
    const linkForm = editor.locator('[data-testid="thread-composer"] [data-testid="link-form"]');
    await linkForm.waitFor();
    await editor.keyboard.type('example.org/report');
    await editor.keyboard.press('Enter');
    await composerFocused(editor);
    await editor.keyboard.type(' and ask');
    // Right after a line break, as a mention often is.
    await editor.keyboard.press('Shift+Enter');
    await editor.keyboard.type('@' + coordinatorName.slice(0, 3));
    const option = editor.locator('[data-testid="mention-suggestions"] [role="option"]', { hasText: coordinatorName });
    await option.waitFor();
    // The field names the list and its active option, as an ARIA combobox does.
    const field = editor.locator('[data-testid="thread-composer-text"]');
    expect(await field.getAttribute('aria-controls')).toBe(await editor.locator('[data-testid="mention-suggestions"]').getAttribute('id'));
    expect(await field.getAttribute('aria-activedescendant')).toBeTruthy();
    while ((await option.getAttribute('aria-selected')) !== 'true') await editor.keyboard.press('ArrowDown');
    await editor.keyboard.press('Enter');
    await expect.poll(() => editor.locator('[data-testid="mention-suggestions"]').count()).toBe(0);
    await editor.keyboard.press('Control+Enter');

    for (const page of [editor, commenter]) {
      const card = page.locator('[data-testid="thread-card"]', { hasText: 'Lump-sum funding' });
      await card.waitFor();
      if (page === commenter) await card.locator('[data-testid="thread-toggle"]').click();
      const body = card.locator('.comment__body').first();
      await body.waitFor();
      expect(await body.locator('strong').innerText()).toBe('Budget');
      expect(await body.locator('em').innerText()).toBe('timing');
      expect(await body.locator('br').count()).toBe(2);
      expect(await body.locator('a').getAttribute('href')).toBe('https://example.org/report');
      expect(await body.locator('.comment__mention').innerText()).toBe(`@${coordinatorName}`);
      expect(await body.innerText()).toContain(`Budget and timing\nSee https://example.org/report and ask\n@${coordinatorName}`);
    }
  });

  it('"Jump to passage" selects the passage in the text; the bubble and Ctrl+Alt+Shift+M go back to the thread', async () => {
    const editor = await openEditor('editor');
    const card = editor.locator('[data-testid="thread-card"]', { hasText: 'EUR 5,000' });
    await card.waitFor();
    const threadId = (await card.getAttribute('data-thread-id'))!;
    await card.locator('[data-testid="thread-toggle"]').click();
    await card.locator('[data-testid="thread-jump"]').click();
    await expect.poll(() => editor.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('editor-content');
    await expect.poll(() => editor.evaluate(() => document.getSelection()?.toString())).toBe('EUR 5,000');

    await editor.keyboard.press('Control+Alt+Shift+KeyM');
    await expect.poll(() => editor.evaluate(() => document.activeElement?.getAttribute('data-thread-id'))).toBe(threadId);

    // The bubble offers the same way back.
    await card.locator('[data-testid="thread-jump"]').click();
    await editor.locator('[data-testid="bubble-back"]').click();
    await expect.poll(() => editor.evaluate(() => document.activeElement?.getAttribute('data-thread-id'))).toBe(threadId);

    // With the caret in a highlighted passage and no thread open, the key opens that thread.
    await card.locator('[data-testid="thread-toggle"]').click();
    await expect.poll(() => card.locator('[data-testid="thread-toggle"]').getAttribute('aria-expanded')).toBe('false');
    await select(editor, 'EUR 5,000', 2, 0);
    await editor.keyboard.press('Control+Alt+Shift+KeyM');
    await expect.poll(() => card.locator('[data-testid="thread-toggle"]').getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => editor.evaluate(() => document.activeElement?.getAttribute('data-thread-id'))).toBe(threadId);
  });

  it('shows stances by partner; an edit is marked, a deletion leaves a tombstone, a coordinator hides with a reason, on both pages live', async () => {
    const editor = await openEditor('editor');
    const coordinator = await openEditor('coordinator');
    const cardOn = (page: Page) => page.locator('[data-testid="thread-card"]', { hasText: 'EUR 5,000' });
    for (const page of [editor, coordinator]) {
      await cardOn(page).waitFor();
      await cardOn(page).locator('[data-testid="thread-toggle"]').click();
    }
    const stances = editor.locator('[data-testid="stance-summary"]');
    const before = await stances.innerText();

    // The editor (for, in the seed) now replies against: their partner's row counts their latest stance.
    const reply = cardOn(editor).locator('[data-testid="reply-composer"]');
    await reply.locator('[data-testid="reply-composer-text"]').fill('We can support EUR 5,000.');
    await reply.locator('[data-testid="reply-composer-stance"]').selectOption('against');
    await reply.locator('[data-testid="reply-composer-submit"]').click();
    const mine = cardOn(editor).locator('[data-testid="comment"]', { hasText: 'We can support EUR 5,000.' });
    await mine.waitFor();
    await expect.poll(() => stances.innerText()).not.toBe(before);
    const ptuj = stances.locator('.stance-summary__row', { hasText: 'Ptuj' });
    expect(await ptuj.innerText()).toContain('1 against');
    expect(await ptuj.innerText()).not.toContain('for');

    // Edit: marked "edited" on both pages.
    await mine.locator('[data-testid="comment-edit"]').click();
    const edit = cardOn(editor).locator('[data-testid="edit-composer-text"]');
    await expect.poll(() => editor.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('edit-composer-text');
    await edit.press('Control+A');
    await edit.pressSequentially('We can support EUR 4,000.');
    await editor.keyboard.press('Control+Enter');
    const edited = (page: Page) => cardOn(page).locator('[data-testid="comment"]', { hasText: 'We can support EUR 4,000.' });
    for (const page of [editor, coordinator]) await expect.poll(() => edited(page).locator('[data-testid="comment-edited"]').count()).toBe(1);

    // The coordinator hides someone else's comment, with a reason shown to everyone.
    await edited(coordinator).locator('[data-testid="comment-hide"]').click();
    const hideForm = cardOn(coordinator).locator('[data-testid="hide-form"]');
    await hideForm.locator('input').fill('Figures are checked in the budget thread');
    await hideForm.locator('button[type="submit"]').click();
    for (const page of [editor, coordinator]) {
      const hidden = cardOn(page).locator('[data-testid="comment"][data-state="hidden"]');
      await expect.poll(() => hidden.count()).toBe(1);
      expect(await hidden.innerText()).toContain('Figures are checked in the budget thread');
      expect(await cardOn(page).innerText()).not.toContain('We can support EUR 4,000.');
    }

    // The editor deletes another comment of theirs: a tombstone stays in the thread.
    await reply.locator('[data-testid="reply-composer-text"]').fill('A second thought.');
    await reply.locator('[data-testid="reply-composer-submit"]').click();
    const second = cardOn(editor).locator('[data-testid="comment"]', { hasText: 'A second thought.' });
    await second.locator('[data-testid="comment-delete"]').click();
    await second.locator('[data-testid="comment-delete-confirm"]').click();
    for (const page of [editor, coordinator]) {
      await expect.poll(() => cardOn(page).locator('[data-testid="comment"][data-state="deleted"]').count()).toBe(1);
      expect(await cardOn(page).innerText()).toContain('This comment was deleted.');
      expect(await cardOn(page).innerText()).not.toContain('A second thought.');
    }
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
