import { expect } from '@playwright/test';

import { message, send, signUp, startChatWith, test } from './helpers';

test('formatted messages: bold, a link and highlighted code; the tab title counts unread', async ({
  browser,
}) => {
  const alice = await signUp(browser, 'Alice Example');
  const bob = await signUp(browser, 'Bob Example');
  const carol = await signUp(browser, 'Carol Example');

  await startChatWith(alice.page, bob);
  await send(
    alice.page,
    'Release **today**, notes at example.org\n```js\nconst answer = 42; // final\n```',
  );
  await expect(message(alice.page, 'Release').locator('strong')).toHaveText('today');

  await bob.page.getByTestId('conversation-item').filter({ hasText: alice.displayName }).click();
  const received = message(bob.page, 'Release').getByTestId('message-body');
  await expect(received.locator('strong')).toHaveText('today');
  await expect(received).not.toContainText('**');
  const link = received.getByRole('link', { name: 'example.org' });
  await expect(link).toHaveAttribute('href', 'http://example.org');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  // The highlighter loads with the first code block, and colours it.
  await expect(received.locator('pre code .hljs-keyword')).toHaveText('const');
  await expect(received.locator('pre code .hljs-comment')).toHaveText('// final');

  // Bob reads Alice; Carol writes to him in another conversation, which he does not open.
  await expect(bob.page).toHaveTitle('Chats · Chat');
  await startChatWith(carol.page, bob);
  await send(carol.page, 'Are you there?');
  await send(carol.page, 'Ping');
  await expect(bob.page).toHaveTitle('(2) Chats · Chat');

  await bob.page.getByTestId('conversation-item').filter({ hasText: carol.displayName }).click();
  await expect(message(bob.page, 'Ping')).toBeVisible();
  await expect(bob.page).toHaveTitle('Chats · Chat');
});
