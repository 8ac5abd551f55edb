import { expect } from '@playwright/test';

import { message, send, signUp, startChatWith, test } from './helpers';

test('keyboard: Arrow-Up edits the last message, Escape closes the chat, ? lists the shortcuts, a skip link reaches the message box', async ({
  browser,
}) => {
  const alice = await signUp(browser, 'Alice Keys', { viewport: { width: 1280, height: 800 } });
  const bob = await signUp(browser, 'Bob Keys');
  const { page } = alice;
  await startChatWith(page, bob);
  await send(page, 'First words');
  await send(page, 'Last words with a tpyo');
  // Editable once stored (a message on its way has nothing to edit yet).
  await expect(message(page, 'Last words with a tpyo')).toHaveAttribute('data-state', 'stored');

  // Arrow-Up in the empty message box edits the newest own message.
  const composer = page.getByTestId('composer');
  await composer.press('ArrowUp');
  await expect(page.getByTestId('editing-chip')).toContainText('Last words with a tpyo');
  await expect(composer).toHaveValue('Last words with a tpyo');
  await composer.fill('Last words with a typo fixed');
  await composer.press('Enter');
  await expect(message(page, 'Last words with a typo fixed')).toBeVisible();

  // Escape first cancels what the box is doing, then closes the chat.
  await composer.press('ArrowUp');
  await expect(page.getByTestId('editing-chip')).toBeVisible();
  await composer.press('Escape');
  await expect(page.getByTestId('editing-chip')).toHaveCount(0);
  await expect(page).toHaveURL(/\/c\//);
  // A menu on top takes Escape for itself.
  await page.getByTestId('account-menu-button').click();
  await expect(page.getByRole('menu')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(page).toHaveURL(/\/c\//);
  await composer.press('Escape');
  await expect(page).toHaveURL(/\/$/);
  const row = page.getByTestId('conversation-item').filter({ hasText: bob.displayName });
  await expect(row).toBeFocused();

  // "?" opens the shortcut help; Escape closes it, not the page behind.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByTestId('shortcut').filter({ hasText: 'Search messages' })).toBeVisible();
  await expect(
    help.getByTestId('shortcut').filter({ hasText: 'Close the open chat' }),
  ).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // The skip link comes early in the tab order and lands in the open chat's message box.
  await row.click();
  await expect(page.getByTestId('chat-title')).toHaveText(bob.displayName);
  await page.locator('body').focus();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const skip = page.getByTestId('skip-link');
  for (let i = 0; i < 3 && !(await skip.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await expect(skip).toHaveText('Skip to the conversation');
  await page.keyboard.press('Enter');
  await expect(composer).toBeFocused();
});

test('on a phone the message box takes the whole width and shows all of four lines', async ({
  browser,
}) => {
  const alice = await signUp(browser, 'Alice Thumbs', {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const bob = await signUp(browser, 'Bob Thumbs');
  await startChatWith(alice.page, bob);
  const composer = alice.page.getByTestId('composer');
  const box = await composer.boundingBox();
  expect(box!.width).toBeGreaterThan(390 * 0.85);

  await composer.fill('The first line\nthe second line\nthe third line\nthe fourth line');
  await composer.press('End');
  // Nothing scrolled away: the box grew to hold every line.
  await expect
    .poll(() =>
      composer.evaluate((el) => ({
        scrolled: el.scrollTop,
        hidden: Math.max(0, el.scrollHeight - el.clientHeight),
      })),
    )
    .toEqual({ scrolled: 0, hidden: 0 });
  await expect(alice.page.getByTestId('send-button')).toBeInViewport();
});
