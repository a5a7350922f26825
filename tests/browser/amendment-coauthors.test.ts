import type { AmendmentSummary } from '@accord/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MEMBERS } from '../../apps/server/src/database/seed/demo-network';
import { signIn, signInAs } from '../fixtures/accounts';
import { launchChromium, signInThroughPage } from '../fixtures/browser';
import { listRecommendations } from '../fixtures/demo-documents';
import { wcagViolations } from '../fixtures/page-walk';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

/** The committed pictures are refreshed on request only (UPDATE_SCREENSHOTS=1); a test run writes beside its results. */
const shotsDir = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots';

const DRAFT = 'Open micro-grants for citizen-led European projects';
const demoMember = (key: string) => DEMO_MEMBERS.find((member) => member.key === key)!;
/** The seeded amendment's authors: the commenter from Leuven proposed it and invited the editor from Ptuj. */
const AUTHOR = demoMember('commenter');
const CO_AUTHOR = demoMember('editor-ptuj');
/** Who is invited here: a delegate from Pordenone, not an author yet. */
const INVITEE = demoMember('delegate-pordenone');
/** A member who is not an author. */
const READER = demoMember('delegate-ptuj');

interface EditorElement extends HTMLElement {
  editor: { view: { posAtDOM(node: Node, offset: number): number; focus(): void }; commands: { setTextSelection(position: number): boolean } };
}

describe('co-authors of an amendment in Chromium: an author invites a member, who then edits it; others read the authors', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;
  let amendmentId: string;
  const contexts: BrowserContext[] = [];

  async function open(member: { email: string; password: string }, locale = 'en-GB'): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await signInThroughPage(page, server.httpUrl, member.email, member.password);
    await page.goto(`${server.httpUrl}/#/amendments/${amendmentId}`);
    await page.locator('[data-testid="amendment-author-list"]').waitFor();
    return page;
  }

  /** Each author as the list reads: "name (you) / partner". */
  const authorNames = (page: Page) =>
    page.locator('[data-testid="amendment-author-list"] li').evaluateAll((items) =>
      items.map((item) => `${item.querySelector('.amendment-authors__name')?.textContent ?? ''} / ${item.querySelector('.amendment-authors__partner')?.textContent ?? ''}`),
    );
  const memberField = (page: Page) => page.locator('[data-testid="invite-co-author-member"]');
  const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

  /** Types part of a name in the invite field and picks the suggestion with the keyboard. */
  async function pick(page: Page, typed: string, memberName: string): Promise<void> {
    await memberField(page).fill(typed);
    const option = page.locator('[data-testid="mention-suggestions"] [role="option"]', { hasText: memberName });
    await option.waitFor();
    // Arrow down to the option, whatever its place in the list, then Enter takes it.
    for (let presses = 0; (await option.getAttribute('aria-selected')) !== 'true'; presses += 1) {
      if (presses > 10) throw new Error(`${memberName} never became the active option`);
      await memberField(page).press('ArrowDown');
    }
    await memberField(page).press('Enter');
    await expect.poll(() => memberField(page).inputValue()).toBe(memberName);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url });
    browser = await launchChromium();
    const coordinator = await signInAs(server.httpUrl, 'coordinator');
    const draftId = (await listRecommendations(coordinator)).find((recommendation) => recommendation.title === DRAFT)!.id;
    amendmentId = (await coordinator.json<AmendmentSummary[]>('GET', `/api/recommendations/${draftId}/amendments`))[0]!.id;
    mkdirSync(shotsDir, { recursive: true });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  it('lets an author invite a member by name with the keyboard: the list shows them at once, and it is said', async () => {
    const page = await open(AUTHOR);
    expect(await authorNames(page)).toEqual([`${AUTHOR.displayName} (you) / Leuven Citizens’ Forum`, `${CO_AUTHOR.displayName} / Municipality of Ptuj`]);

    // The control is a labelled button; Enter opens the form and the focus goes to the name field.
    const toggle = page.getByRole('button', { name: 'Invite a co-author' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => focusedTestId(page)).toBe('invite-co-author-member');
    expect(await page.getByLabel('Member of the network').getAttribute('role')).toBe('combobox');

    // Nobody picked: the field says what to do.
    await memberField(page).press('Enter');
    await page.locator('[data-testid="field-problem"]').waitFor();
    expect(await page.locator('[data-testid="field-problem"]').innerText()).toContain('Choose a member from the list');

    // Someone who already is an author: said at the field, nothing sent.
    await pick(page, CO_AUTHOR.displayName.split(' ')[0]!, CO_AUTHOR.displayName);
    await memberField(page).press('Enter');
    await expect.poll(() => page.locator('[data-testid="field-problem"]').innerText()).toContain(`${CO_AUTHOR.displayName} is already an author of this amendment.`);

    await pick(page, INVITEE.displayName.split(' ')[0]!, INVITEE.displayName);
    await memberField(page).press('Enter');
    await expect.poll(() => page.locator('[data-testid="invite-outcome"]').innerText()).toContain(`${INVITEE.displayName} is now an author and can edit this amendment.`);
    expect(await page.locator('[data-testid="invite-outcome"]').getAttribute('aria-live')).toBe('polite');
    expect(await authorNames(page)).toContain(`${INVITEE.displayName} / Municipality of Pordenone`);
    expect(await page.locator('[data-testid="field-problem"]').count()).toBe(0);
    // Ready for the next name.
    expect(await memberField(page).inputValue()).toBe('');
    expect(await focusedTestId(page)).toBe('invite-co-author-member');

    // Escape closes the form and gives the focus back to the button.
    await memberField(page).press('Escape');
    await page.locator('[data-testid="invite-co-author-form"]').waitFor({ state: 'detached' });
    expect(await focusedTestId(page)).toBe('invite-co-author');
  });

  it('lets the invited member edit the amendment as theirs', async () => {
    const page = await open(INVITEE);
    expect(await authorNames(page)).toContain(`${INVITEE.displayName} (you) / Municipality of Pordenone`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    expect(await page.locator('[data-testid="read-only-notice"]').count()).toBe(0);
    expect(await page.locator('[data-testid="amendment-content"]').getAttribute('contenteditable')).toBe('true');
    // An author now, they may invite in turn.
    expect(await page.getByRole('button', { name: 'Invite a co-author' }).count()).toBe(1);

    // Type inside the passage; the server takes it and the diff shows it.
    const passage = await page.locator('[data-testid="amendment-passage"]').first().innerText();
    const words = passage.split(' ').slice(0, 2).join(' ');
    await page.evaluate((words) => {
      const root = document.querySelector<EditorElement>('[data-testid="amendment-content"]')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(words);
        if (at < 0) continue;
        root.editor.commands.setTextSelection(root.editor.view.posAtDOM(node, at + words.length));
        root.editor.view.focus();
        return;
      }
      throw new Error(`"${words}" is not in the text`);
    }, words);
    await page.keyboard.type(' (co-authored)');
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="amendment-diff"] [data-testid="diff-view"] ins').allInnerTexts()).toContainEqual(expect.stringContaining('(co-authored)'));
    expect(await page.locator('[data-testid="amendment-refused"]').count()).toBe(0);
  });

  it('shows the authors to a member who is not one, read-only, without the invite control', async () => {
    const page = await open(READER);
    expect(await authorNames(page)).toHaveLength(3);
    await page.locator('[data-testid="read-only-notice"]').waitFor();
    expect(await page.locator('[data-testid="invite-co-author"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Invite a co-author' }).count()).toBe(0);
  });

  it('screenshots the authors: editable with the invite form (an author) and read-only (another member), in English and Slovenian', async () => {
    for (const [member, locale, name, invite] of [
      [AUTHOR, 'en-GB', 'amendment-authors-editable-en', 'Giulia'],
      [CO_AUTHOR, 'sl-SI', 'amendment-authors-editable-sl', 'Eszter'],
      [READER, 'en-GB', 'amendment-authors-read-only-en', null],
      [READER, 'sl-SI', 'amendment-authors-read-only-sl', null],
    ] as const) {
      const page = await open(member, locale);
      await page.locator('[data-testid="amendment-preview"]').waitFor();
      if (invite) {
        await page.locator('[data-testid="invite-co-author"]').click();
        await memberField(page).fill(invite);
        await page.locator('[data-testid="mention-suggestions"] [role="option"]').first().waitFor();
      } else {
        await page.locator('[data-testid="read-only-notice"]').waitFor();
      }
      await page.screenshot({ path: `${shotsDir}/${name}.png`, fullPage: true });
      // The authors, the form and its open list meet WCAG 2.1 AA (axe), like every page of the walk.
      expect(await wcagViolations(page)).toEqual([]);
    }
  });

  it('says so in the member’s language when the invitation cannot reach the server', async () => {
    const page = await open(AUTHOR, 'sl-SI');
    await page.getByRole('button', { name: 'Povabi soavtorja' }).click();
    await pick(page, 'Giulia', 'Giulia Bassi');
    await page.context().setOffline(true);
    await page.getByRole('button', { name: 'Povabi', exact: true }).click();
    await page.locator('[data-testid="invite-problem"]').waitFor();
    expect(await page.locator('[data-testid="invite-problem"]').innerText()).toBe('Accord ne more doseči strežnika. Preverite povezavo in znova naložite stran.');
    expect(await page.locator('[data-testid="invite-problem"]').getAttribute('role')).toBe('alert');
    expect(await authorNames(page)).toHaveLength(3);
    await page.context().setOffline(false);
  });

  it('says why when the amendment was closed meanwhile, and then shows it without the control', async () => {
    const page = await open(AUTHOR);
    await page.locator('[data-testid="invite-co-author"]').click();
    await pick(page, 'Giulia', 'Giulia Bassi');
    // The co-author withdraws it while the page is open.
    const coAuthor = await signIn(server.httpUrl, CO_AUTHOR.email, CO_AUTHOR.password);
    await coAuthor.json('POST', `/api/amendments/${amendmentId}/withdraw`, { reason: 'Merged into another amendment.' });
    await memberField(page).press('Enter');
    await page.locator('[data-testid="invite-problem"]').waitFor();
    expect(await page.locator('[data-testid="invite-problem"]').innerText()).toBe('This amendment is no longer open, so no one can be invited. The page now shows it as it is.');
    await page.locator('[data-testid="amendment-page"][data-status="withdrawn"]').waitFor();
    expect(await page.locator('[data-testid="invite-co-author"]').count()).toBe(0);
    expect(await authorNames(page)).toHaveLength(3);
  });
});
