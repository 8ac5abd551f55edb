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
