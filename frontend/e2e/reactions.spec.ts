import { expect } from '@playwright/test';

import { message, messageAction, send, signUp, startChatWith, test } from './helpers';

test('two people react to a message and both see the counts; the picker adds one; mark as unread shows the badge', async ({
  browser,
}) => {
  // Two people, the picker's code and data loading on first use: over 30 s on a busy machine.
  test.setTimeout(60_000);
  const alice = await signUp(browser, 'Alice Liddell');
  const bob = await signUp(browser, 'Bob Builder');
  await startChatWith(alice.page, bob);
  await send(alice.page, 'Lunch at noon?');
  await send(alice.page, 'At the usual place');
  await bob.page.getByTestId('conversation-item').filter({ hasText: alice.displayName }).click();
  await expect(message(bob.page, 'Lunch at noon?')).toBeVisible();

  // Bob reacts from the quick-reaction bar of the message menu.
  const lunchForBob = message(bob.page, 'Lunch at noon?');
  await lunchForBob.hover();
  await lunchForBob.getByTestId('message-menu-button').click();
  await bob.page.getByRole('button', { name: 'React with 👍' }).click();
  const bobsChip = lunchForBob.locator('[data-testid="reaction-chip"][data-emoji="👍"]');
  await expect(bobsChip).toHaveAccessibleName('👍 1 reaction, yours');
  await expect(bobsChip).toHaveClass(/mine/);

  // Alice sees it live, not highlighted for her; a click adds hers.
  const lunchForAlice = message(alice.page, 'Lunch at noon?');
  const alicesChip = lunchForAlice.locator('[data-testid="reaction-chip"][data-emoji="👍"]');
  await expect(alicesChip).toHaveAccessibleName('👍 1 reaction');
  await expect(alicesChip).not.toHaveClass(/mine/);
  await alicesChip.click();
  await expect(alicesChip).toHaveAccessibleName('👍 2 reactions, including you');
  await expect(alicesChip).toHaveClass(/mine/);
  await expect(bobsChip).toHaveAccessibleName('👍 2 reactions, including you');

  // Who reacted, on hover.
  await alice.page.mouse.move(0, 0);
  await alicesChip.hover();
  await expect(alice.page.locator('.mat-mdc-tooltip')).toHaveText('Bob Builder and You');

  // The emoji picker, from the bubble's menu: search, pick, and the chip appears for both.
  await messageAction(alice.page, 'At the usual place', 'Add reaction…');
  const picker = alice.page.getByTestId('emoji-picker');
  await expect(picker).toBeVisible();
  const search = picker.locator('emoji-picker').getByRole('combobox');
  await search.fill('party');
  await picker.locator('emoji-picker').getByRole('option', { name: /🎉/ }).first().click();
  await expect(picker).toBeHidden();
  const tada = '[data-testid="reaction-chip"][data-emoji="🎉"]';
  await expect(message(alice.page, 'At the usual place').locator(tada)).toHaveAccessibleName(
    '🎉 1 reaction, yours',
  );
  await expect(message(bob.page, 'At the usual place').locator(tada)).toHaveAccessibleName(
    '🎉 1 reaction',
  );

  // The "+" chip opens the picker too, below the top bar; Escape closes it and gives the focus
  // back (and leaves the chat open).
  const add = lunchForAlice.getByTestId('add-reaction');
  await add.click();
  await expect(picker).toBeVisible();
  const bar = (await alice.page.locator('.app-toolbar').boundingBox())!;
  expect((await picker.boundingBox())!.y).toBeGreaterThanOrEqual(bar.y + bar.height);
  await alice.page.keyboard.press('Escape');
  await expect(picker).toBeHidden();
  await expect(add).toBeFocused();
  await expect(alice.page).toHaveURL(/\/c\//);

  // Enter in the picker's search picks the first match at once (from "Add reaction…").
  await messageAction(alice.page, 'At the usual place', 'Add reaction…');
  await search.fill('thumbs');
  await expect(picker.locator('#search-results').getByRole('option').first()).toBeVisible();
  await search.press('Enter');
  await expect(picker).toBeHidden();
  const thumbs = '[data-testid="reaction-chip"][data-emoji="👍"]';
  await expect(message(alice.page, 'At the usual place').locator(thumbs)).toHaveAccessibleName(
    '👍 1 reaction, yours',
  );

  // And from the message box's emoji button: the first match is inserted into the text.
  const composer = alice.page.getByTestId('composer');
  await composer.fill('Sure ');
  await alice.page.getByTestId('composer-emoji-button').click();
  await search.fill('thumbs');
  await expect(picker.locator('#search-results').getByRole('option').first()).toBeVisible();
  await search.press('Enter');
  await expect(picker).toBeHidden();
  await expect(composer).toHaveValue('Sure 👍');
  await composer.fill('');

  // Bob marks Alice's first message unread: the chat closes and the badge says 2.
  await messageAction(bob.page, 'Lunch at noon?', 'Mark as unread');
  await expect(bob.page).toHaveURL('/');
  const bobsItem = bob.page.getByTestId('conversation-item').filter({ hasText: alice.displayName });
  await expect(bobsItem.getByTestId('unread-badge')).toContainText('2');

  await alice.context.close();
  await bob.context.close();
});

test("marking unread updates the badge on the same person's other device", async ({ browser }) => {
  const alice = await signUp(browser, 'Alice Liddell');
  const bob = await signUp(browser, 'Bob Builder');
  await startChatWith(alice.page, bob);
  await send(alice.page, 'First');
  await send(alice.page, 'Second');
  // Bob's second tab (same browser context: same session) stays on the list.
  const otherTab = await bob.context.newPage();
  await otherTab.goto('/');
  const otherItem = otherTab
    .getByTestId('conversation-item')
    .filter({ hasText: alice.displayName });
  await bob.page.getByTestId('conversation-item').filter({ hasText: alice.displayName }).click();
  await expect(message(bob.page, 'Second')).toBeVisible();
  await expect(otherItem.getByTestId('unread-badge')).toBeHidden();

  await messageAction(bob.page, 'First', 'Mark as unread');
  await expect(otherItem.getByTestId('unread-badge')).toContainText('2');

  await alice.context.close();
  await bob.context.close();
});
