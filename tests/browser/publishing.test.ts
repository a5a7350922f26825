import type { EditionView, RecommendationSummary } from '@accord/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PUBLISHED_TITLE } from '../../apps/server/src/database/seed/demo-editions';
import { DEMO_LOGIN, type MemberSession, signInAs, sql } from '../fixtures/accounts';
import { launchChromium, signInThroughPage } from '../fixtures/browser';
import { ConfirmingClient } from '../fixtures/collab-client';
import { pdfInfo } from '../fixtures/file-readers';
import { wcagViolations } from '../fixtures/page-walk';
import { startServer, type ServerProcess } from '../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../fixtures/test-database';

/** Each payload calls the exposed binding (and alert) if it ever runs; `xssExecuted` records which one. */
const TYPED_CORPUS = [
  `<script>xssExecuted('typed-script')</script>`,
  `<img src=x onerror="xssExecuted('typed-img')">`,
  `javascript:xssExecuted('typed-javascript-text')`,
  `"><svg onload=xssExecuted('typed-svg')>`,
];
const PASTED_HTML = `
<p>Pasted <a href="javascript:xssExecuted('pasted-javascript-link')">javascript link</a>
 and <a href="JaVaScRiPt:xssExecuted('pasted-mixed-case')">mixed case</a>
 and <a href="data:text/html,<script>xssExecuted('pasted-data')</script>">data link</a>
 and <a href="https://example.org/ok" onclick="xssExecuted('pasted-onclick')" onmouseover="xssExecuted('pasted-onmouseover')">a real link</a></p>
<script>xssExecuted('pasted-script')</script>
<img src="x" onerror="xssExecuted('pasted-img')">
<svg onload="xssExecuted('pasted-svg')"><script>xssExecuted('pasted-svg-script')</script></svg>
<style>@import url("javascript:xssExecuted('pasted-css-import')"); p { background: url("javascript:xssExecuted('pasted-css-url')") }</style>
<p style="background-image: url(javascript:xssExecuted('pasted-style-attr'))" onfocus="xssExecuted('pasted-onfocus')" tabindex="0" autofocus>Styled</p>
<iframe srcdoc="<script>parent.xssExecuted('pasted-iframe')</script>"></iframe>
<details open ontoggle="xssExecuted('pasted-details')"><summary>x</summary></details>
<math><mtext><table><mglyph><style><img src=x onerror="xssExecuted('pasted-mxss')"></style></mglyph></table></mtext></math>
<form action="javascript:xssExecuted('pasted-form')"><button>Send</button></form>
<object data="javascript:xssExecuted('pasted-object')"></object>
<h2 onclick="xssExecuted('pasted-heading')">Heading with a handler</h2>`;

describe('publishing in Chromium: the publish dialog, an XSS corpus, pages without JavaScript', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let browser: Browser;
  let coordinator: MemberSession;
  let context: BrowserContext;
  let recommendationId: string;
  let edition: EditionView;
  const executed: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ databaseUrl: database.url, env: { SEED_DEMO_EDITIONS: 'true' } });
    browser = await launchChromium();
    coordinator = await signInAs(server.httpUrl, 'coordinator');
    const [group] = await coordinator.json<{ id: string }[]>('GET', '/api/network/working-groups');
    recommendationId = (await coordinator.json<{ id: string }>('POST', '/api/recommendations', { title: 'A text full of attacks', theme: 'solidarity', level: 'eu', workingGroupId: group.id })).id;
    context = await browser.newContext({ locale: 'en-GB' });
    // Any payload that runs calls this; so would one that only manages an alert.
    await context.exposeBinding('xssExecuted', (_source, name: unknown) => void executed.push(String(name)));
    context.on('page', (page) => page.on('dialog', (dialog) => void (executed.push(`dialog: ${dialog.message()}`), dialog.dismiss())));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  it('notices execution when a payload does run (the detector works)', async () => {
    const page = await context.newPage();
    await page.setContent(`<img src="data:," onerror="xssExecuted('control')"><img src="x" onerror="xssExecuted('control')">`);
    await expect.poll(() => executed.includes('control')).toBe(true);
    await page.close();
    executed.length = 0;
  });

  it('takes the corpus typed and pasted into the editor, and written by a hostile Yjs client', async () => {
    const page = await context.newPage();
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN.coordinator.email, DEMO_LOGIN.coordinator.password);
    await page.goto(`${server.httpUrl}/#/recommendations/${recommendationId}`);
    await page.locator('.ProseMirror p, .ProseMirror h1').last().click();
    await page.keyboard.press('End');
    for (const line of TYPED_CORPUS) {
      await page.keyboard.press('Enter');
      await page.keyboard.type(line);
    }
    await page.keyboard.press('Enter');
    // A paste as the browser delivers it: HTML on the clipboard, handled by ProseMirror through the schema.
    await page.evaluate(`(() => {
      const data = new DataTransfer();
      data.setData('text/html', ${JSON.stringify(PASTED_HTML)});
      data.setData('text/plain', 'pasted');
      document.querySelector('.ProseMirror').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    })()`);
    await expect.poll(() => page.locator('.ProseMirror').innerText()).toContain('Heading with a handler');
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    await page.close();

    // What the editor would never write: a hostile client writes Yjs directly.
    const client = new ConfirmingClient(server.wsUrl, recommendationId, await coordinator.collabToken());
    await client.synced();
    client.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.setAttribute('onclick', "xssExecuted('yjs-onclick')");
      paragraph.setAttribute('lang', `en" onmouseover="xssExecuted('yjs-lang')`);
      const text = new Y.XmlText();
      text.insert(0, 'yjs javascript link', { link: { href: "javascript:xssExecuted('yjs-link')" } });
      text.insert(text.length, ' and data link', { link: { href: "data:text/html,<script>xssExecuted('yjs-data')</script>" } });
      text.insert(text.length, ' and tab link', { link: { href: "java\tscript:xssExecuted('yjs-tab')" } });
      paragraph.insert(0, [text]);
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', `2" onclick="xssExecuted('yjs-level')` as unknown as string);
      heading.insert(0, [new Y.XmlText('<img src=x onerror=xssExecuted(\'yjs-heading-text\')>')]);
      client.fragment.push([paragraph, heading]);
    });
    await client.waitFor(() => client.allSaved);
    client.destroy();
    expect(executed).toEqual([]);
  });

  it('publishes through the dialog, with progress while the files render', async () => {
    await sql(database.url, `UPDATE recommendation SET status = 'adopted' WHERE id = $1`, [recommendationId]);
    const page = await context.newPage();
    await page.goto(`${server.httpUrl}/#/recommendations/${recommendationId}/editions`);
    await page.locator('[data-testid="open-publish"]').click();
    const dialog = page.locator('[data-testid="publish-dialog"]');
    await dialog.waitFor();
    expect(await dialog.evaluate((element) => (element as unknown as { open: boolean }).open)).toBe(true);
    await page.locator('[data-testid="confirm-publish"]').click();
    await page.locator('[data-testid="render-progress"]').waitFor();
    await page.locator('[data-testid="edition-card"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="publishing-status"]').innerText()).toMatch(/^Published: EC-NET Recommendation \d{4}\/\d{2}, edition 1$/);
    expect(await page.locator('[data-testid="publish-dialog"]').count()).toBe(0);
    [edition] = await coordinator.json<EditionView[]>('GET', `/api/recommendations/${recommendationId}/editions`);
    expect(await page.locator('[data-testid="edition-card"] h3').innerText()).toBe(edition.label);
    await page.close();
  });

  it('runs none of the corpus on the public page, the exported HTML or the PDF, and keeps only http(s) and mailto links', async () => {
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => void (message.type() === 'error' && violations.push(message.text())));
    for (const path of [edition.publicUrl, edition.publicUrl.replace(/\/editions\/1$/, ''), '/p/ec-net']) {
      await page.goto(`${server.httpUrl}${path}`);
      const hrefs = await page.locator('article a').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
      expect(hrefs.every((href) => /^(https?:|mailto:)/.test(href)), hrefs.join(' ')).toBe(true);
      // Give any handler that slipped through every chance: hover, focus and click everything in the text.
      for (const element of await page.locator('article *').all()) {
        await element.dispatchEvent('mouseover');
        await element.dispatchEvent('focus');
        await element.dispatchEvent('toggle');
      }
      await page.locator('article a[href^="https:"]').evaluateAll((links) => links.forEach((link) => link.removeAttribute('href')));
      for (const link of await page.locator('article a').all()) await link.click();
    }
    const text = await page.goto(`${server.httpUrl}${edition.publicUrl}`).then(() => page.locator('article').innerText());
    expect(text).toContain("<script>xssExecuted('typed-script')</script>");
    expect(text).toContain('Heading with a handler');
    // The hostile client's paragraph is there, as text: its links lost their targets, the real link kept its own.
    for (const words of ['yjs javascript link', 'and data link', 'and tab link']) expect(text).toContain(words);
    expect(await page.locator('article a').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual(['https://example.org/ok']);

    // The exported HTML file, opened as a page of its own (its meta CSP is all that guards it here).
    const html = await (await fetch(`${server.httpUrl}${edition.exports.find((file) => file.kind === 'html')!.url}`)).text();
    await page.setContent(html);
    for (const element of await page.locator('article *').all()) await element.dispatchEvent('mouseover');
    for (const link of await page.locator('article a:not([href^="https:"])').all()) await link.click();
    const pdf = Buffer.from(await (await fetch(`${server.httpUrl}${edition.exports.find((file) => file.kind === 'pdf')!.url}`)).arrayBuffer());
    expect(pdfInfo(pdf)).toMatch(/JavaScript:\s+no/);
    await page.close();
    expect(executed).toEqual([]);
  });

  it('renders the public pages with JavaScript off: title, number, editions, downloads and a working verify form', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    const page = await noScript.newPage();
    await page.goto(`${server.httpUrl}/p/ec-net`);
    await page.locator(`a:has-text("EC-NET Recommendation")`).first().waitFor();
    const published = (await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations')).find((row) => row.title === DEMO_PUBLISHED_TITLE)!;
    const editions = await coordinator.json<EditionView[]>('GET', `/api/recommendations/${published.id}/editions`);
    await page.goto(`${server.httpUrl}${editions[1].publicUrl.replace(/\/editions\/2$/, '')}`);
    expect(await page.locator('h1').first().innerText()).toBe('Solidarity networks between partner towns');
    expect(await page.locator('.edition-number').innerText()).toContain(editions[1].label);
    expect(await page.locator('.edition-list li').count()).toBe(2);
    expect(await page.locator('.export-list a').count()).toBe(6);
    await page.locator('#sha256').fill(editions[0].exports[0].sha256);
    await page.locator('.verify button').click();
    await page.locator('.verdict.match').waitFor();
    expect(await page.locator('.verdict.match').innerText()).toContain(editions[0].exports[0].fileName);
    await noScript.close();
  });

  it('passes axe on the public edition, changes and verify pages', async () => {
    const published = (await coordinator.json<RecommendationSummary[]>('GET', '/api/recommendations')).find((row) => row.title === DEMO_PUBLISHED_TITLE)!;
    const editions = await coordinator.json<EditionView[]>('GET', `/api/recommendations/${published.id}/editions`);
    const page = await context.newPage();
    for (const path of [editions[1].publicUrl, editions[0].publicUrl, `${editions[1].publicUrl}/changes`, `/p/ec-net/verify?sha256=${editions[0].exports[0].sha256}`]) {
      await page.goto(`${server.httpUrl}${path}`);
      expect(await wcagViolations(page), path).toEqual([]);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
    }
    await page.close();
  });
});
