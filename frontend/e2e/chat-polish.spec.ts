import { expect } from '@playwright/test';

import { send, signUp, startChatWith, test } from './helpers';

test('a draft survives a chat switch and a reload, shows in the list, and goes once sent', async ({
  browser,
}) => {
  const alice = await signUp(browser, 'Alice Drafts');
  const bob = await signUp(browser, 'Bob Drafts');
  const carol = await signUp(browser, 'Carol Drafts');
  const { page } = alice;

  await startChatWith(page, bob);
  await send(page, 'Hi Bob');
  await page.getByTestId('composer').fill('half a thought');

  await startChatWith(page, carol);
  await expect(page.getByTestId('composer')).toHaveValue('');
  const bobsItem = page.getByTestId('conversation-item').filter({ hasText: bob.displayName });
  await expect(bobsItem.getByTestId('conversation-preview')).toHaveText('Draft: half a thought');

  await bobsItem.click();
  await expect(page.getByTestId('chat-title')).toHaveText(bob.displayName);
  await expect(page.getByTestId('composer')).toHaveValue('half a thought');

  await page.reload();
  await expect(page.getByTestId('chat-title')).toHaveText(bob.displayName);
  await expect(page.getByTestId('composer')).toHaveValue('half a thought');

  await page.getByTestId('composer').press('Enter');
  await expect(page.getByTestId('composer')).toHaveValue('');
  await page.reload();
  await expect(page.getByTestId('chat-title')).toHaveText(bob.displayName);
  await expect(page.getByTestId('message-body').last()).toHaveText('half a thought');
  await expect(page.getByTestId('composer')).toHaveValue('');
  await expect(bobsItem.getByTestId('conversation-preview')).toHaveText('You: half a thought');
});
