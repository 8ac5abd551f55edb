import { expect, type Page } from '@playwright/test';

import { createGroup, send, signUp, test } from './helpers';

function systemLines(page: Page) {
  return page.getByTestId('system-line');
}

test('an owner runs a group of three: rename, admin, removal; everyone sees what happened', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const alice = await signUp(browser, 'Alice Owner');
  const bob = await signUp(browser, 'Bob Member');
  const carol = await signUp(browser, 'Carol Member');

  await createGroup(alice.page, 'Trip', [bob, carol]);
  await expect(systemLines(alice.page)).toHaveText([
    'You created the group “Trip” with Bob Member and Carol Member',
  ]);

  // The others find it in their list, with its first line, and open it.
  for (const [person, others] of [
    [bob, 'you and Carol Member'],
    [carol, 'Bob Member and you'],
  ] as const) {
    const item = person.page.getByTestId('conversation-item').filter({ hasText: 'Trip' });
    await expect(item.getByTestId('conversation-preview')).toHaveText(
      `Alice Owner created the group “Trip” with ${others}`,
    );
    await item.click();
    await expect(person.page.getByTestId('chat-title')).toHaveText('Trip');
  }
  await send(bob.page, 'Hi all');

  // The owner renames it from the info panel.
  await alice.page.getByTestId('group-info-button').click();
  const panel = alice.page.getByRole('dialog', { name: 'Group info' });
  await expect(panel.getByTestId('group-member')).toHaveCount(3);
  await panel.getByTestId('group-rename').click();
  await panel.getByTestId('group-title-input').fill('Ski trip');
  await panel.getByTestId('group-title-input').press('Enter');
  await expect(panel.getByTestId('group-info-title')).toHaveText('Ski trip');

  // Makes Bob an admin.
  const bobRow = panel.locator(`[data-member="${bob.username}"]`);
  await bobRow.getByTestId('member-menu-button').click();
  await alice.page.getByRole('menuitem', { name: 'Make admin' }).click();
  await expect(bobRow.getByTestId('member-role')).toHaveText('Admin');

  // Bob sees the new title and his role live, without reloading.
  await expect(bob.page.getByTestId('chat-title')).toHaveText('Ski trip');
  await bob.page.getByTestId('chat-title').click();
  const bobsPanel = bob.page.getByRole('dialog', { name: 'Group info' });
  await expect(
    bobsPanel.locator(`[data-member="${bob.username}"]`).getByTestId('member-role'),
  ).toHaveText('Admin');
  await bobsPanel.getByTestId('group-info-close').click();
  await expect(bobsPanel).toBeHidden();

  // Removes Carol, who is told and loses the chat.
  const carolRow = panel.locator(`[data-member="${carol.username}"]`);
  await carolRow.getByTestId('member-menu-button').click();
  await alice.page.getByRole('menuitem', { name: 'Remove from group' }).click();
  await alice.page.getByRole('alertdialog').getByTestId('confirm-button').click();
  await expect(carolRow).toBeHidden();
  await expect(panel.getByTestId('group-member')).toHaveCount(2);

  await expect(carol.page.getByText('You were removed from “Ski trip”')).toBeVisible();
  await expect(carol.page).toHaveURL('/');
  await expect(
    carol.page.getByTestId('conversation-item').filter({ hasText: 'Ski trip' }),
  ).toHaveCount(0);

  await panel.getByTestId('group-info-close').click();
  await expect(panel).toBeHidden();

  // Every remaining member reads the same history, in their own terms.
  await expect(systemLines(alice.page)).toHaveText([
    'You created the group “Trip” with Bob Member and Carol Member',
    'You renamed the group to “Ski trip”',
    'You made Bob Member an admin',
    'You removed Carol Member',
  ]);
  await expect(systemLines(bob.page)).toHaveText([
    'Alice Owner created the group “Trip” with you and Carol Member',
    'Alice Owner renamed the group to “Ski trip”',
    'Alice Owner made you an admin',
    'Alice Owner removed Carol Member',
  ]);
  // After a reload each reads the same lines, Carol (gone) included: one renderer, every path.
  for (const person of [alice, bob]) {
    const live = await systemLines(person.page).allTextContents();
    await person.page.reload();
    await expect(systemLines(person.page)).toHaveText(live);
  }

  // Bob renames himself: Alice sees it in the history and on his message, without reloading.
  await bob.page.getByTestId('account-menu-button').click();
  await bob.page.getByRole('menuitem', { name: 'Profile' }).click();
  const profile = bob.page.getByRole('dialog', { name: 'Profile' });
  await profile.getByTestId('display-name').fill('Robert Admin');
  await profile.getByTestId('save').click();
  await expect(profile).toBeHidden();

  await expect(systemLines(alice.page).nth(2)).toHaveText('You made Robert Admin an admin');
  await expect(
    alice.page.getByTestId('message').filter({ hasText: 'Hi all' }).getByTestId('message-sender'),
  ).toHaveText('Robert Admin');

  for (const person of [alice, bob, carol]) await person.context.close();
});
