import { expect } from '@playwright/test';

import { createGroup, message, send, signUp, test } from './helpers';

test('@ opens the members to mention; the mentioned person sees it highlighted and an @ badge', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const alice = await signUp(browser, 'Alice Writer');
  const bob = await signUp(browser, 'Bob Reader');
  const carol = await signUp(browser, 'Carol Other');
  await createGroup(alice.page, 'Standup', [bob, carol]);

  const composer = alice.page.getByTestId('composer');
  await composer.pressSequentially('Morning @');
  const options = alice.page.getByTestId('mention-option');
  await expect(options).toHaveCount(3);
  await expect(options.last()).toHaveAttribute('data-username', 'here');
  // Filtered by the start of a name, then picked with the keyboard.
  await composer.pressSequentially('Bob');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await composer.press('Enter');
  await expect(composer).toHaveValue(`Morning @${bob.username} `);
  await expect(options).toHaveCount(0);
  await composer.pressSequentially('can you look?');
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
  // It reads as the name, with the username as its title.
  const sent = message(alice.page, 'can you look?').locator('.mention');
  await expect(sent).toHaveText(`@${bob.displayName}`);
  await expect(sent).toHaveAttribute('title', `@${bob.username}`);

  // Bob, on his list: the group with an @ badge; the mention of him stands out once opened.
  const item = bob.page.getByTestId('conversation-item').filter({ hasText: 'Standup' });
  await expect(item.getByTestId('mention-badge')).toBeVisible();
  await expect(item.getByTestId('unread-badge')).toBeVisible();
  // Carol was not mentioned: unread, but no @.
  const carolsItem = carol.page.getByTestId('conversation-item').filter({ hasText: 'Standup' });
  await expect(carolsItem.getByTestId('unread-badge')).toBeVisible();
  await expect(carolsItem.getByTestId('mention-badge')).toHaveCount(0);

  await item.click();
  const mention = message(bob.page, 'can you look?').locator('.mention.mention-me');
  await expect(mention).toHaveText(`@${bob.displayName}`);
  // Read: the list beside the conversation drops the @ badge.
  await expect(item.getByTestId('mention-badge')).toHaveCount(0);

  // Carol mutes it from her list row: the bell crosses out and the unread badge goes quiet.
  await expect(carolsItem.getByTestId('unread-badge')).not.toHaveClass(/quiet/);
  await carolsItem.hover();
  await carolsItem.locator('..').getByTestId('mute-button').click();
  await carol.page.getByRole('menuitem', { name: 'Until I turn it back on' }).click();
  await expect(carolsItem.getByTestId('muted-icon')).toBeVisible();
  await expect(carolsItem.getByTestId('unread-badge')).toHaveClass(/quiet/);
  await send(alice.page, 'quiet news');
  await expect(carolsItem.getByTestId('conversation-preview')).toContainText('quiet news');
  await expect(carolsItem.getByTestId('unread-badge')).toHaveClass(/quiet/);
});
