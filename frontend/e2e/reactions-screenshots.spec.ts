import { type BrowserContextOptions, expect, type Page } from '@playwright/test';

import { message, send, signUp, startChatWith, test } from './helpers';

// A tour of reactions for looking at it, not a check: runs only with E2E_SHOTS_DIR set, e.g.
// E2E_SHOTS_DIR=/tmp/shots node scripts/with-services.mjs node scripts/e2e.mjs e2e/reactions-screenshots.spec.ts
const dir = process.env['E2E_SHOTS_DIR'];
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const sizes: Record<string, BrowserContextOptions> = {
  phone,
  desktop: { viewport: { width: 1280, height: 800 } },
};

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
  test(`reactions screenshots (${size})`, async ({ browser }) => {
    const shot = (name: string) =>
      page.screenshot({ path: `${dir}/reactions-${name}-${size}.png` });

    const alice = await signUp(browser, 'Alice Liddell', options);
    const bob = await signUp(browser, 'Bob Builder', options);
    const page = alice.page;
    await startChatWith(bob.page, alice);
    await send(bob.page, 'Are we still on for lunch?');
    await send(bob.page, 'I booked the table by the window');
    await page.getByTestId('conversation-item').filter({ hasText: bob.displayName }).click();
    await expect(message(page, 'Are we still on')).toBeVisible();
    await send(page, 'Yes! See you at noon 🙂');

    const react = async (p: Page, text: string, emoji: string) => {
      const id = await message(p, text).getAttribute('data-message-id');
      const status = await p.evaluate(
        async ([messageId, e]) => {
          const session = JSON.parse(localStorage.getItem('chat.session') ?? '{}') as {
            accessToken?: string;
          };
          const res = await fetch(
            `/api/v1/messages/${messageId}/reactions/${encodeURIComponent(e)}`,
            {
              method: 'PUT',
              headers: { authorization: `Bearer ${session.accessToken}` },
            },
          );
          return res.status;
        },
        [id!, emoji],
      );
      expect(status).toBe(200);
    };
    await react(bob.page, 'Are we still on', '👍');
    await react(bob.page, 'Are we still on', '🎉');
    await react(page, 'Are we still on', '👍');
    await react(bob.page, 'See you at noon', '❤️');
    await expect(message(page, 'See you at noon').getByTestId('reaction-chip')).toHaveCount(1);
    await shot('chips');

    if (size === 'desktop') {
      const target = message(page, 'I booked the table');
      await target.hover();
      await target.getByTestId('message-menu-button').click();
      await expect(page.getByRole('menu')).toHaveCSS('opacity', '1');
      await shot('menu');
      await page.getByRole('menuitem', { name: 'Add reaction…' }).click();
      await expect(page.getByTestId('emoji-picker').locator('emoji-picker')).toBeVisible();
      await expect(
        page.getByTestId('emoji-picker').locator('emoji-picker').getByRole('menuitem').first(),
      ).toBeVisible();
      await shot('picker');
      await page.keyboard.press('Escape');
      await message(page, 'Are we still on').locator('[data-emoji="👍"]').hover();
      await expect(page.locator('.mat-mdc-tooltip')).toBeVisible();
      await shot('tooltip');
    } else {
      await longPress(page, 'Are we still on');
      await shot('sheet');
      await page.getByTestId('sheet-whoReacted').click();
      await expect(page.getByTestId('who-reacted')).toBeVisible();
      await shot('who-reacted');
      await page.keyboard.press('Escape');
      await page.getByTestId('composer-emoji-button').click();
      await expect(
        page.getByTestId('emoji-picker').locator('emoji-picker').getByRole('menuitem').first(),
      ).toBeVisible();
      await shot('composer-picker');
    }

    await alice.context.close();
    await bob.context.close();
  });
}
