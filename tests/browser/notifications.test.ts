import type { CommentBody, CommentThreadView, MentionableMember, RecommendationSummary } from '@accord/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN, signInAs, type MemberSession } from '../fixtures/accounts';
import { launchChromium, signInThroughPage } from '../fixtures/browser';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

const MICRO_GRANTS = 'Open micro-grants for citizen-led European projects';

const mentionOf = (member: MentionableMember, text: string): CommentBody => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text }, { type: 'mention', attrs: { memberId: member.id, label: member.displayName } }] }],
});

describe('the notification bell, the inbox and the open thread counts, in Chromium', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;
  let coordinator: MemberSession;
  let editor: MemberSession;
  let microGrantsId: string;
  const contexts: BrowserContext[] = [];

  const signedIn = async (role: 'editor' | 'commenter', locale = 'en-GB'): Promise<Page> => {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN[role].email, DEMO_LOGIN[role].password);
    return page;
  };
  const bellName = (page: Page) => page.locator('[data-testid="notification-bell"]').getAttribute('aria-label');
  // What the poller does when the window gets focus back (a string: the test tsconfig has no DOM types).
  const focusWindow = (page: Page) => page.evaluate("window.dispatchEvent(new Event('focus'))");

  /** The coordinator replies on the micro-grants draft's first open thread, mentioning the editor. */
  const mentionEditor = async (text: string): Promise<string> => {
    const prefix = editor.result.member.displayName.split(' ')[0]!;
    const candidates = await coordinator.json<MentionableMember[]>('GET', `/api/recommendations/${microGrantsId}/mentionable-members?prefix=${encodeURIComponent(prefix)}`);
    const editorMember = candidates.find((candidate) => candidate.id === editor.memberId)!;
    const [thread] = await coordinator.json<CommentThreadView[]>('GET', `/api/recommendations/${microGrantsId}/threads`);
    await coordinator.json('POST', `/api/recommendations/${microGrantsId}/threads/${thread!.id}/comments`, { body: mentionOf(editorMember, text) });
    return thread!.id;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    browser = await launchChromium();
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    editor = await signInAs(server.httpUrl, 'editor');
    microGrantsId = (await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations')).find((recommendation) => recommendation.title === MICRO_GRANTS)!.id;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  it('raises the bell when someone mentions me, lists it in the inbox, and marks it read', async () => {
    const page = await signedIn('editor');
    await expect.poll(() => bellName(page)).toBe('Notifications, none unread');
    expect(await page.locator('[data-testid="notification-count"]').count()).toBe(0);

    const threadId = await mentionEditor('Could the budget line be checked by ');
    const threadLink = `#/recommendations/${microGrantsId}/threads/${threadId}`;
    await focusWindow(page);
    await expect.poll(() => bellName(page)).toBe('Notifications, 1 unread');
    expect(await page.locator('[data-testid="notification-count"]').innerText()).toBe('1');

    await page.locator('[data-testid="notification-bell"]').click();
    const item = page.locator('[data-testid="notification"]');
    await item.first().waitFor();
    expect(await item.count()).toBe(1);
    const text = await item.innerText();
    expect(text).toContain(`${coordinator.result.member.displayName} mentioned you on “${MICRO_GRANTS}”`);
    expect(text).toContain('Could the budget line be checked by');
    expect(text).toContain('New');
    // The notice links to the thread itself.
    expect(await item.locator('a').getAttribute('href')).toBe(threadLink);
    expect(await page.locator('[data-testid="notification-bell"]').getAttribute('aria-current')).toBe('page');

    await item.locator('[data-testid="mark-read"]').click();
    await expect.poll(() => item.getAttribute('data-read')).toBe('true');
    await expect.poll(() => bellName(page)).toBe('Notifications, none unread');
    // The button left with the unread state; focus went to the item's link, not to the page top.
    expect(await page.evaluate<string | null>("document.activeElement?.getAttribute('href') ?? null")).toBe(threadLink);
    // Stored on the server, not only on screen.
    expect((await editor.json<{ unread: number }>('GET', '/api/notifications/unread-count')).unread).toBe(0);
  });

  it('marks everything read at once', async () => {
    const page = await signedIn('editor');
    await page.locator('[data-testid="notification-bell"]').click();
    await page.locator('[data-testid="notifications-page"]').waitFor();
    await mentionEditor('First question for ');
    await mentionEditor('Second question for ');
    await focusWindow(page);
    await expect.poll(() => bellName(page)).toBe('Notifications, 2 unread');

    await page.reload();
    await page.locator('[data-testid="mark-all-read"]').click();
    await expect.poll(() => page.locator('[data-testid="notification"][data-read="false"]').count()).toBe(0);
    await expect.poll(() => bellName(page)).toBe('Notifications, none unread');
    expect((await editor.json<{ unread: number }>('GET', '/api/notifications/unread-count')).unread).toBe(0);
  });

  it('says the count in Slovenian plural forms on the bell', async () => {
    // The commenter has the demo's mention, plus a reply notice for each of the three replies above
    // (the commenter started that thread): four, the Slovenian "few" form.
    const commenter = await signInAs(server.httpUrl, 'commenter');
    expect((await commenter.json<{ unread: number }>('GET', '/api/notifications/unread-count')).unread).toBe(4);
    const page = await signedIn('commenter', 'sl-SI');
    await expect.poll(() => bellName(page)).toBe('Obvestila, 4 neprebrana');
    await page.locator('[data-testid="notification-bell"]').click();
    await page.locator('[data-testid="notification"]').first().waitFor();
    expect(await page.locator('h2.notifications__heading').innerText()).toBe('4 neprebrana');
    const replies = await page.locator('[data-testid="notification"]').allInnerTexts();
    expect(replies.filter((text) => text.includes(`${coordinator.result.member.displayName} odgovarja v vaši razpravi pri »${MICRO_GRANTS}«`))).toHaveLength(3);
  });

  it('shows the open thread count of each recommendation, in words, in English and Slovenian', async () => {
    const english = await signedIn('commenter');
    const row = (page: Page) => page.locator(`[data-testid="recommendation-row"][data-recommendation-id="${microGrantsId}"] [data-testid="open-thread-count"]`);
    await row(english).waitFor();
    // The demo draft has two open threads (the resolved one does not count).
    expect(await row(english).innerText()).toBe('2 open threads');
    const slovenian = await signedIn('commenter', 'sl-SI');
    await row(slovenian).waitFor();
    expect(await row(slovenian).innerText()).toBe('2 odprti razpravi');
    const others = await slovenian.locator('[data-testid="open-thread-count"][data-count="0"]').allInnerTexts();
    expect(others.length).toBeGreaterThan(0);
    expect(new Set(others)).toEqual(new Set(['Ni odprtih']));
  });

  it('stores turning the comment e-mails off', async () => {
    const page = await signedIn('editor');
    await page.locator('[data-testid="notification-bell"]').click();
    const toggle = page.locator('[data-testid="comment-emails"]');
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    expect(await toggle.isChecked()).toBe(true);

    await toggle.uncheck();
    await expect.poll(() => page.locator('[data-testid="comment-emails-status"]').innerText()).toBe('Saved: no more e-mails; the notifications still appear here.');
    expect(await editor.json<{ commentEmails: boolean }>('GET', '/api/notifications/preferences')).toEqual({ commentEmails: false });

    await page.reload();
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    expect(await toggle.isChecked()).toBe(false);
  });

  /**
   * Follows the notice of `text` from the inbox, in a window too short for the passage to be on screen
   * without scrolling, and checks what the reader came for: the thread open and focused, its passage in view.
   */
  const followNoticeToPassage = async (page: Page, text: string): Promise<void> => {
    await page.setViewportSize({ width: 1280, height: 400 });
    const threadId = await mentionEditor(text);
    await page.goto(`${server.httpUrl}/#/notifications`);
    const notice = page.locator('[data-testid="notification"]', { hasText: text.trim().replace(/,$/, '') });
    await notice.locator('a').click();
    expect(await page.evaluate<string>('window.location.hash')).toBe(`#/recommendations/${microGrantsId}/threads/${threadId}`);
    const card = page.locator(`[data-testid="thread-card"][data-thread-id="${threadId}"]`);
    await expect.poll(() => card.locator('[data-testid="thread-toggle"]').getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('data-thread-id') ?? null")).toBe(threadId);
    expect(await card.innerText()).toContain(text.trim().replace(/,$/, ''));
    // The passage is on screen.
    const highlight = page.locator(`[data-testid="thread-highlight"][data-thread-ids~="${threadId}"]`).first();
    await expect
      .poll(() => highlight.evaluate<boolean, { getBoundingClientRect(): { top: number; bottom: number } }>((element) => {
        const box = element.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= 400;
      }))
      .toBe(true);
  };

  it('on a phone-sized screen, opens a notice on its thread card, focused and shown from its top (the panel is below the text)', async () => {
    const page = await signedIn('editor');
    await page.setViewportSize({ width: 390, height: 700 });
    const text = 'Which year does this count refer to, ';
    const threadId = await mentionEditor(text);
    await page.goto(`${server.httpUrl}/#/notifications`);
    await page.locator('[data-testid="notification"]', { hasText: text.trim().replace(/,$/, '') }).locator('a').click();
    const card = page.locator(`[data-testid="thread-card"][data-thread-id="${threadId}"]`);
    await expect.poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('data-thread-id') ?? null")).toBe(threadId);
    await expect
      .poll(() => card.evaluate<boolean, { getBoundingClientRect(): { top: number; bottom: number } }>((element) => {
        const box = element.getBoundingClientRect();
        // Its top (and the quoted passage) at the top of the screen, give or take a fraction of a pixel.
        return box.top > -1 && box.top < 100;
      }))
      .toBe(true);
    expect(await card.innerText()).toContain(text.trim().replace(/,$/, ''));
  });

  it('opens the editor from a notice with its thread open, focused, and its passage in view', async () => {
    await followNoticeToPassage(await signedIn('editor'), 'Where does this figure come from, ');
  });

  it('brings the passage into view also when the text arrives after the threads (a slow collaboration socket)', async () => {
    const page = await signedIn('editor');
    // The socket's messages from the server wait until the thread list has arrived over HTTP: the threads
    // are then known before the text they point into.
    let threadsArrived = false;
    const held: Array<() => void> = [];
    page.on('response', (response) => {
      if (threadsArrived || response.request().method() !== 'GET' || !/\/api\/recommendations\/[^/]+\/threads$/.test(new URL(response.url()).pathname)) return;
      threadsArrived = true;
      for (const release of held.splice(0)) release();
    });
    await page.routeWebSocket(/\/collab/, (socket) => {
      const toServer = socket.connectToServer();
      toServer.onMessage((message) => {
        if (threadsArrived) socket.send(message);
        else held.push(() => socket.send(message));
      });
    });
    await followNoticeToPassage(page, 'Is this figure from the 2024 survey, ');
  });
});
