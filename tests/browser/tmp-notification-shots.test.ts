import { it } from 'vitest';
import { DEMO_LOGIN } from '../fixtures/accounts';
import { launchChromium, signInThroughPage } from '../fixtures/browser';
import { startServer } from '../fixtures/server-process';
import { createTestDatabase } from '../fixtures/test-database';

it('takes screenshots', async () => {
  const database = await createTestDatabase();
  const server = await startServer({ databaseUrl: database.url });
  const browser = await launchChromium();
  for (const [locale, suffix] of [['en-GB', ''], ['sl-SI', '-sl']] as const) {
    for (const width of [1280, 320]) {
      const context = await browser.newContext({ locale, viewport: { width, height: 900 } });
      const page = await context.newPage();
      await signInThroughPage(page, server.httpUrl, DEMO_LOGIN.commenter.email, DEMO_LOGIN.commenter.password);
      await page.locator('.thread-count-badge').first().waitFor();
      await page.screenshot({ path: `docs/screenshots/list-threads${suffix}-${width}.png`, fullPage: width !== 320 });
      await page.locator('[data-testid="notification-bell"]').click();
      await page.locator('[data-testid="notification"]').first().waitFor();
      await page.screenshot({ path: `docs/screenshots/notifications${suffix}-${width}.png`, fullPage: true });
      await context.close();
    }
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 700 } });
    const page = await context.newPage();
    await signInThroughPage(page, server.httpUrl, DEMO_LOGIN.editor.email, DEMO_LOGIN.editor.password);
    await page.goto(`${server.httpUrl}/#/notifications`);
    await page.locator('[data-testid="notifications-empty"]').waitFor();
    await page.screenshot({ path: `docs/screenshots/notifications-empty${suffix}.png` });
    await context.close();
  }
  await browser.close();
  await server.stop();
  await database.drop();
}, 120_000);
