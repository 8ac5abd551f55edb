import { type BrowserContextOptions, expect, type Page } from '@playwright/test';

import { message, send, signUp, startChatWith, test } from './helpers';

// A tour of formatted messages and the composer's hint for looking at it, not a check: runs only
// with E2E_SHOTS_DIR set, e.g.
// E2E_SHOTS_DIR=/tmp/shots node scripts/with-services.mjs node scripts/e2e.mjs e2e/rich-screenshots.spec.ts
const dir = process.env['E2E_SHOTS_DIR'];
const sizes: Record<string, BrowserContextOptions> = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};

const FORMATTED =
  'Notes for **Thursday**, see the _agenda_ at example.org:\n' +
  '- ~~18:00~~ 18:40 taxi from the station\n' +
  '- run `npm start` before the demo\n\n' +
  '> bring the adapter\n\n' +
  '```ts\n' +
  'export function greet(name: string): string {\n' +
  '  // one line per guest\n' +
  '  return `Hello, ${name}!`;\n' +
  '}\n' +
  '```';

for (const colorScheme of ['light', 'dark'] as const) {
  test(`formatted message screenshots (${colorScheme})`, async ({ browser }) => {
    const alice = await signUp(browser, 'Alice Liddell', { ...sizes['desktop'], colorScheme });
    const bob = await signUp(browser, 'Bob Builder', { ...sizes['desktop'], colorScheme });
    await startChatWith(alice.page, bob);
    await send(alice.page, 'Hi Bob! *Here* is the plan:');
    await send(alice.page, FORMATTED);

    const storageState = await bob.context.storageState();
    for (const [size, options] of Object.entries(sizes)) {
      const context = await browser.newContext({ ...options, colorScheme, storageState });
      const page: Page = await context.newPage();
      await page.goto('/');
      await page.getByTestId('conversation-item').filter({ hasText: alice.displayName }).click();
      const last = message(page, 'Notes for');
      await expect(last.locator('.hljs-keyword').first()).toBeVisible();
      // The reply, formatted in the user's own bubble.
      if (size === 'desktop') await send(page, 'Sounds **good**, `npm start` it is: _see you_');
      await page.getByTestId('composer').fill('Sounds **good**');
      await page.getByTestId('composer-hint-button').click();
      await expect(page.getByTestId('composer-hint')).toBeVisible();
      await last.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${dir}/rich-${size}-${colorScheme}.png` });
      // Where notifications are turned on: the account menu.
      await page.getByTestId('account-menu-button').click();
      await expect(page.getByTestId('notifications-menu-item')).toBeVisible();
      await page.screenshot({
        path: `${dir}/rich-menu-${size}-${colorScheme}.png`,
        animations: 'disabled',
      });
      await context.close();
    }
  });
}
