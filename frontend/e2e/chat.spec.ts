import { expect } from '@playwright/test';

import { message, messageAction, send, signUp, startChatWith, test } from './helpers';

test('two people chat live: unread badge, typing, replies, read ticks, edits and deletions', async ({
  browser,
}) => {
  const alice = await signUp(browser, 'Alice Example');
  const bob = await signUp(browser, 'Bob Example');
  await expect(alice.page.getByTestId('conversations-empty')).toBeVisible();
  await expect(bob.page.getByTestId('conversations-empty')).toBeVisible();

  await startChatWith(alice.page, bob);
  await send(alice.page, 'Hi Bob!');
  const first = message(alice.page, 'Hi Bob!');
  // Bob's browser has it (his list is open): delivered, told apart from read by its label.
  await expect(first.getByTestId('read-tick')).toHaveAttribute('data-state', 'delivered');
  await expect(first.getByTestId('read-tick')).toHaveAttribute('aria-label', 'Delivered');

  // Bob was not looking: the conversation appears in his list, unread.
  const bobsItem = bob.page.getByTestId('conversation-item').filter({ hasText: alice.displayName });
  await expect(bobsItem).toContainText('Hi Bob!');
  await expect(bobsItem.getByTestId('unread-badge')).toContainText('1');

  await bobsItem.click();
  await expect(message(bob.page, 'Hi Bob!')).toBeVisible();
  await expect(bobsItem.getByTestId('unread-badge')).toBeHidden();
  // Alice sees that he read it.
  await expect(first.getByTestId('read-tick')).toHaveAttribute('data-state', 'read');

  await bob.page.getByTestId('composer').pressSequentially('Hello there', { delay: 40 });
  await expect(alice.page.getByTestId('typing-indicator')).toHaveText('Bob Example is typing…');
  await bob.page.getByTestId('composer').press('Enter');
  await expect(message(alice.page, 'Hello there')).toBeVisible();
  await expect(alice.page.getByTestId('typing-indicator')).toBeHidden();

  await messageAction(alice.page, 'Hello there', 'Reply');
  await expect(alice.page.getByTestId('reply-chip')).toContainText('Replying to Bob Example');
  await send(alice.page, 'Nice to meet you');
  await expect(alice.page.getByTestId('reply-chip')).toBeHidden();
  await expect(message(bob.page, 'Nice to meet you').getByTestId('reply-quote')).toContainText(
    'Hello there',
  );

  await messageAction(alice.page, 'Hi Bob!', 'Edit');
  await expect(alice.page.getByTestId('composer')).toHaveValue('Hi Bob!');
  await send(alice.page, 'Hi Bob, welcome!');
  const edited = message(bob.page, 'Hi Bob, welcome!');
  await expect(edited.getByTestId('edited-marker')).toHaveText('(edited)');

  await messageAction(alice.page, 'Nice to meet you', 'Delete');
  await alice.page.getByRole('alertdialog').getByTestId('confirm-button').click();
  await expect(message(bob.page, 'Nice to meet you')).toBeHidden();
  await expect(
    bob.page.getByTestId('message-body').filter({ hasText: 'This message was deleted' }),
  ).toBeVisible();
  await expect(bobsItem).toContainText('Message deleted');

  // Offline, Bob is told; back online, he has what was sent meanwhile, once.
  await bob.context.setOffline(true);
  await expect(bob.page.getByTestId('reconnect-banner')).toContainText("You're offline");
  await send(alice.page, 'Are you still there?');
  await bob.context.setOffline(false);
  await expect(bob.page.getByTestId('reconnect-banner')).toBeHidden();
  await expect(message(bob.page, 'Are you still there?')).toHaveCount(1);
  await expect(bob.page.getByTestId('message')).toHaveCount(4);

  await alice.context.close();
  await bob.context.close();
});

test('on a phone the list and the conversation take turns', async ({ browser }) => {
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
  const carol = await signUp(browser, 'Carol Phone', phone);
  const dave = await signUp(browser, 'Dave Desk');

  await startChatWith(carol.page, dave);
  // Only the conversation shows; the list is one tap back.
  await expect(carol.page.getByTestId('new-chat-button')).toBeHidden();
  await send(carol.page, 'Sent from my phone');
  await expect(message(carol.page, 'Sent from my phone')).toBeVisible();

  await carol.page.getByTestId('back-button').click();
  await expect(carol.page).toHaveURL('/');
  const item = carol.page.getByTestId('conversation-item').filter({ hasText: dave.displayName });
  await expect(item).toContainText('You: Sent from my phone');
  await expect(carol.page.getByTestId('composer')).toBeHidden();

  await item.click();
  await expect(carol.page.getByTestId('chat-title')).toHaveText(dave.displayName);
  await expect(message(carol.page, 'Sent from my phone')).toBeVisible();

  await carol.context.close();
  await dave.context.close();
});
