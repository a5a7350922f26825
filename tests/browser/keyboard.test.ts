import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN, signInAs } from '../fixtures/accounts';
import { launchChromium, signInThroughPage } from '../fixtures/browser';
import { listRecommendations } from '../fixtures/demo-documents';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

/** What has the keyboard focus: enough to say where a keyboard user is. */
interface Focused {
  tag: string;
  id: string;
  text: string;
  command: string | null;
  tabIndex: number;
  testId: string | null;
}

function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const element = document.activeElement instanceof HTMLElement ? document.activeElement : document.body;
    return {
      tag: element.tagName.toLowerCase(),
      id: element.id,
      text: (element.innerText ?? '').trim(),
      command: element.getAttribute('data-command'),
      tabIndex: element.tabIndex,
      testId: element.getAttribute('data-testid'),
    };
  });
}

/** Presses Tab until `matches` holds for the focused element; fails after `limit` presses. */
async function tabTo(page: Page, matches: (element: Focused) => boolean, limit = 40): Promise<Focused> {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press('Tab');
    const element = await focused(page);
    if (matches(element)) return element;
  }
  throw new Error(`${limit} presses of Tab never reached the element`);
}

/** WCAG contrast of two CSS rgb() colours. */
function contrast(first: string, second: string): number {
  const luminance = (css: string): number => {
    const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((part) => {
      const value = Number(part) / 255;
      return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

describe('a whole task by keyboard alone, in Chromium', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;
  let draft: { id: string; title: string };
  const contexts: BrowserContext[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    return context.newPage();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    browser = await launchChromium();
    draft = (await listRecommendations(await signInAs(server.httpUrl, 'coordinator'))).find((recommendation) => recommendation.status === 'draft')!;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  it('signs in, opens a recommendation, types, applies a heading and sees "All changes saved"', async () => {
    const page = await newPage();
    await page.goto(`${server.httpUrl}/#/sign-in`);
    await page.locator('[data-testid="sign-in-submit"]').waitFor();

    // The skip link comes first and lands on the content without leaving the page.
    expect((await tabTo(page, () => true, 1)).testId).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('main');
    expect(await page.evaluate(() => window.location.hash)).toBe('#/sign-in');

    // Sign in.
    expect((await tabTo(page, () => true, 1)).testId).toBe('sign-in-email');
    await page.keyboard.type(DEMO_LOGIN.editor.email);
    await page.keyboard.press('Tab');
    expect((await focused(page)).testId).toBe('sign-in-password');
    await page.keyboard.type(DEMO_LOGIN.editor.password);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="recommendation-list"]').waitFor();
    // A new page starts at its content, as after a page load.
    await expect.poll(async () => (await focused(page)).id).toBe('main');

    // Open the draft from the list.
    await tabTo(page, (element) => element.tag === 'a' && element.text === draft.title);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    await page.locator('[data-testid="editor-toolbar"]').waitFor();
    expect((await focused(page)).id).toBe('main');

    // The toolbar is one tab stop: Tab reaches its first button, the next Tab the text.
    const toolbarStop = await tabTo(page, (element) => element.command !== null);
    expect(toolbarStop).toMatchObject({ command: 'bold', tabIndex: 0 });
    await page.keyboard.press('Tab');
    expect((await focused(page)).testId).toBe('editor-content');

    // Type a new paragraph at the end.
    // ProseMirror re-applies its own selection just after it takes focus, and may miss a caret move
    // made then: the caret is drawn at the end while the editor's selection stays at the top, where
    // the typing would go. Press until both agree the caret is in the last block, as a person would
    // (Home first, so that every try moves the caret and ProseMirror hears of it).
    await expect
      .poll(async () => {
        await page.keyboard.press('Control+Home');
        await page.keyboard.press('Control+End');
        return page.evaluate(() => {
          const root = document.querySelector('.ProseMirror') as (HTMLElement & { editor: { state: { doc: { content: { size: number } }; selection: { head: number } } } }) | null;
          const anchor = window.getSelection()?.anchorNode ?? null;
          const drawn = Boolean(anchor && root?.lastElementChild?.contains(anchor));
          return drawn && root !== null && root.editor.state.selection.head >= root.editor.state.doc.content.size - 1;
        });
      })
      .toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Typed without a mouse');

    // Escape goes to the toolbar; arrows, Home and End move inside it.
    await page.keyboard.press('Escape');
    expect((await focused(page)).command).toBe('bold');
    await page.keyboard.press('End');
    expect((await focused(page)).command).not.toBe('bold');
    await page.keyboard.press('Home');
    expect((await focused(page)).command).toBe('bold');
    await page.keyboard.press('ArrowLeft');
    expect((await focused(page)).command).not.toBe('bold');
    await page.keyboard.press('ArrowRight');
    for (const command of ['italic', 'heading-1', 'heading-2']) {
      await page.keyboard.press('ArrowRight');
      expect((await focused(page)).command).toBe(command);
    }

    // Every button has a name and a shortcut, announced and in its tooltip.
    const heading2 = page.locator('[data-command="heading-2"]');
    expect(await heading2.getAttribute('aria-label')).toBe('Heading 2');
    expect(await heading2.getAttribute('aria-keyshortcuts')).toBe('Control+Alt+2');
    expect(await heading2.getAttribute('title')).toBe('Heading 2 (Ctrl+Alt+2)');
    const unnamed = await page.locator('[data-testid="editor-toolbar"] button').evaluateAll((buttons) =>
      buttons.filter((button) => !button.getAttribute('aria-label') || !button.getAttribute('aria-keyshortcuts')).map((button) => button.outerHTML),
    );
    expect(unnamed).toEqual([]);

    // The focus ring is drawn, at 3:1 or more against the bar behind it.
    const ring = await heading2.evaluate((button) => {
      const style = getComputedStyle(button);
      return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth), color: style.outlineColor };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    expect(contrast(ring.color, 'rgb(255, 255, 255)')).toBeGreaterThanOrEqual(3);

    // Apply the heading: it goes back to the text, which is now a heading, and is saved.
    await page.keyboard.press('Enter');
    // TipTap hands focus back to the text after the command has run: wait for it, not a guess.
    await expect.poll(async () => (await focused(page)).testId).toBe('editor-content');
    await expect.poll(() => page.locator('.ProseMirror h2').allInnerTexts()).toContain('Typed without a mouse');
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    expect(await page.locator('[data-testid="save-state"]').innerText()).toBe('All changes saved');
  });

  it('tells a screen reader politely who joins and leaves, not every save', async () => {
    const page = await newPage();
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN.editor.email, DEMO_LOGIN.editor.password);
    await page.goto(`${server.httpUrl}/#/recommendations/${draft.id}`);
    const announcer = page.locator('[data-testid="announcer"]');
    expect(await announcer.getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => announcer.textContent()).toContain('Connected');
    // Synced: the text is there, so whoever comes now is joining.
    await expect.poll(() => page.locator('.ProseMirror').innerText()).toContain(draft.title);
    // The save chip itself is no live region: it changes with every keystroke.
    expect(await page.locator('[data-testid="save-state"]').getAttribute('aria-live')).toBeNull();

    const other = await newPage();
    await signInThroughPage(other, server.httpUrl, DEMO_LOGIN.coordinator.email, DEMO_LOGIN.coordinator.password);
    await other.goto(`${server.httpUrl}/#/recommendations/${draft.id}`);
    // Joins and leaves are gathered for a moment (1.5 s) before they are said.
    await expect.poll(() => announcer.textContent(), { timeout: 10_000 }).toContain('Maja Kranjc joined.');
    await other.close();
    await expect.poll(() => announcer.textContent(), { timeout: 10_000 }).toContain('Maja Kranjc left.');

    // Typing flips the chip between saving and saved; the announcer says nothing new.
    const before = await announcer.textContent();
    await page.locator('.ProseMirror').focus();
    await page.keyboard.type('quiet typing');
    // Saved means the server confirmed this tab's edits up to its current clock.
    const chip = page.locator('[data-testid="save-state"]');
    const typedUpTo = Number(await chip.getAttribute('data-local-clock'));
    await expect.poll(async () => Number(await chip.getAttribute('data-durable-clock')) >= typedUpTo && (await chip.getAttribute('data-state')) === 'saved').toBe(true);
    expect(await announcer.textContent()).toBe(before);
  });
});
