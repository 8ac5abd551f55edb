import { type BrowserContextOptions, expect, type Page } from '@playwright/test';

import { message, send, signUp, startChatWith, test } from './helpers';

// A tour of the message actions for looking at it, not a check: runs only with E2E_SHOTS_DIR set,
// e.g. E2E_SHOTS_DIR=/tmp/shots node scripts/with-services.mjs node scripts/e2e.mjs e2e/action-sheet-screenshots.spec.ts
const dir = process.env['E2E_SHOTS_DIR'];
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const sizes: Record<string, BrowserContextOptions> = {
  phone,
  'phone-dark': { ...phone, colorScheme: 'dark' },
  desktop: { viewport: { width: 1280, height: 800 } },
};

/** Holds a finger on a message's bubble until its actions sheet is up. */
async function longPress(page: Page, text: string): Promise<void> {
  const bubble = message(page, text).locator('.bubble');
  const box = (await bubble.boundingBox())!;
  const point = {
    pointerType: 'touch',
    pointerId: 1,
    isPrimary: true,
    bubbles: true,
    clientX: box.x + box.width / 2,
    clientY: box.y + box.height / 2,
  };
  await bubble.dispatchEvent('pointerdown', point);
  await expect(page.getByTestId('action-sheet')).toBeVisible();
  await bubble.dispatchEvent('pointerup', point);
}

for (const [size, options] of Object.entries(sizes)) {
  test(`message actions screenshots (${size})`, async ({ browser }) => {
    const shot = (name: string) => page.screenshot({ path: `${dir}/actions-${name}-${size}.png` });

    const alice = await signUp(browser, 'Alice Liddell', options);
    const bob = await signUp(browser, 'Bob Builder', options);
    const page = alice.page;
    await startChatWith(bob.page, alice);
    await send(bob.page, 'Are we still on for lunch? The menu is at https://example.com/menu');
    await page.getByTestId('conversation-item').filter({ hasText: bob.displayName }).click();
    await expect(message(page, 'Are we still on')).toBeVisible();
    for (let i = 1; i <= 14; i++) await send(page, `Line ${i} of a longer conversation`);
    await send(page, 'Yes! See you at noon 🙂');

    if (size === 'desktop') {
      // The day chip while scrolled halfway, and the actions menu reached by keyboard.
      await page.getByTestId('message-list').evaluate((list) => (list.scrollTop = 160));
      await shot('day-chip');
      await message(page, 'See you at noon').getByTestId('message-menu-button').focus();
      await shot('menu-button-focus');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('menu')).toBeVisible();
      // The menu fades in: photographed once it has.
      await expect(page.getByRole('menu')).toHaveCSS('opacity', '1');
      await shot('menu-open');
    } else {
      await longPress(page, 'See you at noon');
      await shot('sheet-own');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('action-sheet')).toBeHidden();
      await page.getByTestId('message-list').evaluate((list) => (list.scrollTop = 0));
      await longPress(page, 'Are we still on');
      await shot('sheet-other');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('action-sheet')).toBeHidden();
      await page.getByTestId('message-list').evaluate((list) => (list.scrollTop = 200));
      await shot('day-chip');
    }

    await alice.context.close();
    await bob.context.close();
  });
}
