import { type Browser, expect, type Page } from '@playwright/test';

import { send, signUp, startChatWith, test } from './helpers';

// Issue 25, for looking at it, not a check: runs only with E2E_SHOTS_DIR set, e.g.
// E2E_SHOTS_DIR=/tmp/shots node scripts/with-services.mjs node scripts/e2e.mjs e2e/chat-polish-screenshots.spec.ts
const dir = process.env['E2E_SHOTS_DIR'];
const sizes = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;

async function openAs(
  browser: Browser,
  page: Page,
  size: keyof typeof sizes,
  colorScheme: 'light' | 'dark',
  url: string,
): Promise<Page> {
  const storageState = await page.context().storageState();
  const context = await browser.newContext({ ...sizes[size], colorScheme, storageState });
  const opened = await context.newPage();
  await opened.goto(url);
  return opened;
}

test('chat polish screenshots', async ({ browser }) => {
  test.setTimeout(180_000);
  const alice = await signUp(browser, 'Alice Liddell', sizes.desktop);
  const bob = await signUp(browser, 'Bob Builder', sizes.desktop);
  await startChatWith(alice.page, bob);
  await send(alice.page, 'Morning! Any news on the release?');
  await alice.page.goto('/');
  await bob.page.getByTestId('conversation-item').first().click();
  for (let n = 1; n <= 25; n++) await send(bob.page, `Update ${n}: the build is green again`);

  // Alice: a draft in the Assistant's chat, then the 25 unread under the divider.
  await alice.page.getByTestId('new-chat-button').click();
  await alice.page.locator('[data-testid="bot-result"][data-bot="assistant"]').click();
  await expect(alice.page.getByTestId('chat-title')).toHaveText('Assistant');
  await alice.page.getByTestId('composer').fill('Draft: ask about the holiday rota');
  await alice.page.getByTestId('conversation-item').filter({ hasText: 'Bob Builder' }).click();
  await expect(alice.page.getByTestId('new-messages-divider')).toBeVisible();
  await send(alice.page, 'Thanks Bob!');
  const chatUrl = alice.page.url();
  await alice.page.goto('/');
  const draftRow = alice.page.getByTestId('conversation-item').filter({ hasText: 'Assistant' });
  await expect(draftRow).toContainText('Draft:');
  await alice.page.screenshot({ path: `${dir}/polish-draft-desktop-light.png` });

  for (const size of ['desktop', 'phone'] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      // Unread again for this look at it.
      for (let n = 1; n <= 12; n++) await send(bob.page, `${size} ${scheme} note ${n}`);
      const page = await openAs(browser, alice.page, size, scheme, chatUrl);
      await expect(page.getByTestId('new-messages-divider')).toBeVisible();
      await page.screenshot({ path: `${dir}/polish-unread-${size}-${scheme}.png` });
      await page.goto('/');
      await expect(page.getByTestId('conversation-item').first()).toBeVisible();
      // On a phone the row's bell shows on hover only: the list is enough there.
      if (size === 'desktop') {
        const row = page.getByTestId('conversation-item').filter({ hasText: 'Bob Builder' });
        await row.hover();
        await row.locator('..').getByTestId('mute-button').click();
        await expect(page.getByRole('menuitem', { name: 'For 1 hour' })).toBeVisible();
      }
      await page.screenshot({ path: `${dir}/polish-list-${size}-${scheme}.png` });
      await page.keyboard.press('Escape');
      await page.getByTestId('conversation-item').filter({ hasText: 'Assistant' }).click();
      await expect(page.getByTestId('chat-subtitle')).toHaveText('Not connected to a model');
      await page.screenshot({ path: `${dir}/polish-assistant-${size}-${scheme}.png` });
      await page.context().close();
    }
  }
});
